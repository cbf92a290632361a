import { clip } from './bounds'

/**
 * The closed set of error classes. Messages name the setting to fix and never carry secrets.
 */

/**
 * A setting has a value that cannot be used. Raised at startup; names the variable. The message
 * always goes through `redact`: a URL password in an echoed value never reaches the output
 * (the parsers also redact the values of the secret settings: settings/secret-settings.ts).
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  constructor(message: string) {
    super(redact(message))
  }
}

/**
 * A setting's value as an error message may quote it: URL passwords redacted first, then cut to
 * `max` characters (cutting first could leave a password whose `@` was cut off).
 */
export function quoted(value: string, max = 80): string {
  return clip(redact(value), max)
}

/** The round trip to Redis failed as a whole (connect refused, socket closed, auth failed). */
export class TransportError extends Error {
  override readonly name = 'TransportError'
}

/** The scrape's deadline ran out before Redis answered. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError'
}

/** A request to the exporter itself is malformed (bad target, bad query). Becomes an HTTP 4xx. */
export class RequestError extends Error {
  override readonly name = 'RequestError'
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 414 = 400
  ) {
    super(message)
  }
}

/**
 * Removes credentials from any text before it reaches a label, log line or page:
 * `user:pass@` in URLs, and any literal secret passed in `secrets`.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text.replace(
    /(\b[a-z][a-z0-9+.-]*:\/\/)([^/@\s]*)@/gi,
    (_m, scheme: string, userinfo: string) => {
      const colon = userinfo.indexOf(':')
      if (colon === -1) return `${scheme}${userinfo === '' ? '' : '<redacted>'}@`
      return `${scheme}${userinfo.slice(0, colon)}:<redacted>@`
    }
  )
  for (const secret of secrets) {
    if (secret && secret.length >= 1) out = out.split(secret).join('<redacted>')
  }
  return out
}
