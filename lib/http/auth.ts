import type { MiddlewareHandler } from 'hono'
import type { AuthConfig } from './auth-config'
import { AUTH_NOT_CONFIGURED } from './auth-config'

/** Paths answered without credentials: liveness only, never touches Redis, reveals nothing. */
export const OPEN_PATHS: readonly string[] = ['/health']

/**
 * Checks HTTP basic auth and/or a bearer token on every path except /health. Missing or wrong
 * credentials get 401 with a WWW-Authenticate challenge; no configured credential where one is
 * required gets 403 naming the settings. Credentials are compared in constant time.
 */
export function authMiddleware(auth: AuthConfig): MiddlewareHandler {
  const challenges = [
    ...(auth.basic ? ['Basic realm="redis_exporter", charset="UTF-8"'] : []),
    ...(auth.bearerToken ? ['Bearer realm="redis_exporter"'] : []),
  ].join(', ')
  return async (c, next) => {
    if (auth.mode === 'open' || OPEN_PATHS.includes(c.req.path)) return next()
    if (auth.mode === 'refuse') return c.text(`error: ${AUTH_NOT_CONFIGURED}\n`, 403)
    if (isAuthorized(auth, c.req.header('authorization'))) return next()
    c.header('www-authenticate', challenges)
    return c.text('error: unauthorized: missing or wrong credentials\n', 401)
  }
}

function isAuthorized(auth: AuthConfig, header: string | undefined): boolean {
  if (!header) return false
  const m = /^([A-Za-z]+) +(\S+) *$/.exec(header)
  if (!m) return false
  const scheme = m[1]!.toLowerCase()
  const value = m[2]!
  if (scheme === 'bearer' && auth.bearerToken !== undefined) {
    return constantTimeEqual(value, auth.bearerToken)
  }
  if (scheme === 'basic' && auth.basic) {
    const decoded = decodeBasic(value)
    if (decoded === undefined) return false
    const colon = decoded.indexOf(':')
    if (colon === -1) return false
    // Both halves are always compared, so the time does not tell which one was wrong.
    const userOk = constantTimeEqual(decoded.slice(0, colon), auth.basic.username)
    const passOk = constantTimeEqual(decoded.slice(colon + 1), auth.basic.password)
    return userOk && passOk
  }
  return false
}

function decodeBasic(value: string): string | undefined {
  try {
    const binary = atob(value)
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0))
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return undefined
  }
}

const encoder = new TextEncoder()

/**
 * Compares two strings over their UTF-8 bytes in time that depends only on the expected value's
 * length, never on where the first difference is. Web-standard only (no node:crypto), so it runs
 * on every runtime.
 */
export function constantTimeEqual(given: string, expected: string): boolean {
  const a = encoder.encode(given)
  const b = encoder.encode(expected)
  let diff = a.length ^ b.length
  for (let i = 0; i < b.length; i++) diff |= (a[i] ?? 0) ^ b[i]!
  return diff === 0
}
