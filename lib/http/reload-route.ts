import type { Context } from 'hono'
import { ConfigError, redact } from '../errors'

/**
 * Re-reads REDIS_PASSWORD_FILE and puts the new map in use (the Node server's; other runtimes
 * have no files). `'unset'`: no file is configured. Throws a ConfigError on an unreadable file or
 * bad JSON, having kept the previous map.
 */
export type ReloadPasswords = () => Promise<'ok' | 'unset'>

/**
 * `/-/reload` (any method), as redis_exporter 1.50+: 400 when REDIS_PASSWORD_FILE is not set, 500
 * with a one-line reason naming it when the file cannot be read or parsed, else `ok`. The reason
 * names keys and variables, never a password (`secrets` are removed all the same).
 */
export function reloadRoute(reload: ReloadPasswords, secrets: readonly (string | undefined)[]) {
  return async (c: Context): Promise<Response> => {
    let outcome: 'ok' | 'unset'
    try {
      outcome = await reload()
    } catch (err) {
      const reason = err instanceof ConfigError ? err.message : 'cannot read the file'
      const line = `error: reloading REDIS_PASSWORD_FILE failed: ${reason}`
      return c.text(`${redact(line, secrets).replace(/\s+/g, ' ')}\n`, 500)
    }
    if (outcome === 'unset') {
      return c.text('error: no password file to reload (REDIS_PASSWORD_FILE is not set)\n', 400)
    }
    return c.text('ok')
  }
}
