import type { MiddlewareHandler } from 'hono'
import type { AuthConfig, BasicAuth } from './auth-config'
import type { BcryptVerdict } from './bcrypt-check'
import { AUTH_NOT_CONFIGURED } from './auth-config'

/** Paths answered without credentials: liveness only, never touches Redis, reveals nothing. */
export const OPEN_PATHS: readonly string[] = ['/health']

/**
 * Checks HTTP basic auth and/or a bearer token on every path except /health. Missing or wrong
 * credentials get 401 with a WWW-Authenticate challenge; no configured credential where one is
 * required gets 403 naming the settings. Credentials are compared in constant time; a bcrypt
 * check that would exceed the concurrent bound gets 429 (bcrypt-check.ts).
 */
export function authMiddleware(auth: AuthConfig): MiddlewareHandler {
  const challenges = [
    ...(auth.basic ? ['Basic realm="redis_exporter", charset="UTF-8"'] : []),
    ...(auth.bearerToken ? ['Bearer realm="redis_exporter"'] : []),
  ].join(', ')
  return async (c, next) => {
    if (auth.mode === 'open' || OPEN_PATHS.includes(c.req.path)) return next()
    if (auth.mode === 'refuse') return c.text(`error: ${AUTH_NOT_CONFIGURED}\n`, 403)
    const verdict = await authorize(auth, c.req.header('authorization'))
    if (verdict === 'ok') return next()
    if (verdict === 'busy') {
      c.header('retry-after', '1')
      return c.text('error: too many password checks at once; retry\n', 429)
    }
    c.header('www-authenticate', challenges)
    return c.text('error: unauthorized: missing or wrong credentials\n', 401)
  }
}

type Verdict = BcryptVerdict

async function authorize(auth: AuthConfig, header: string | undefined): Promise<Verdict> {
  if (!header) return 'wrong'
  const m = /^([A-Za-z]+) +(\S+) *$/.exec(header)
  if (!m) return 'wrong'
  const scheme = m[1]!.toLowerCase()
  const value = m[2]!
  if (scheme === 'bearer' && auth.bearerToken !== undefined) {
    return constantTimeEqual(value, auth.bearerToken) ? 'ok' : 'wrong'
  }
  if (scheme === 'basic' && auth.basic) return checkBasic(auth.basic, value)
  return 'wrong'
}

async function checkBasic(basic: BasicAuth, value: string): Promise<Verdict> {
  const decoded = decodeBasic(value)
  if (decoded === undefined) return 'wrong'
  const colon = decoded.indexOf(':')
  if (colon === -1) return 'wrong'
  const userOk = constantTimeEqual(decoded.slice(0, colon), basic.username)
  const given = decoded.slice(colon + 1)
  if ('password' in basic) {
    // Both halves are always compared, so the time does not tell which one was wrong.
    const passOk = constantTimeEqual(given, basic.password)
    return userOk && passOk ? 'ok' : 'wrong'
  }
  // Hashed whatever the user name, so the time does not tell whether the user name was right.
  const verdict = await basic.bcrypt.check(given)
  return userOk || verdict === 'busy' ? verdict : 'wrong'
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

/**
 * Whether two strings are equal, in time that depends only on the expected value's length, never
 * on where the first difference is: their UTF-16 code units compared one by one (equal code units
 * are equal strings; nothing is encoded per request). Web-standard only, so it runs everywhere.
 */
export function constantTimeEqual(given: string, expected: string): boolean {
  let diff = given.length ^ expected.length
  // Past the end of `given`, charCodeAt is NaN and `| 0` makes it 0: the loop length never changes.
  for (let i = 0; i < expected.length; i++)
    diff |= (given.charCodeAt(i) | 0) ^ expected.charCodeAt(i)
  return diff === 0
}
