import type { EnvRecord } from './read'
import { SETTINGS } from './table'
import type { SettingRow } from './table'
import { ConfigError, redact } from '../errors'

/**
 * Settings whose value is a secret. Their values are never echoed by the parsers, and every
 * ConfigError leaving a parser goes through withSecretsRedacted, which replaces them wherever
 * they appear (a password pasted into the wrong setting included).
 */
export const SECRET_VARIABLES: readonly string[] = (SETTINGS as readonly SettingRow[])
  .filter((row) => row.secret)
  .flatMap((row) => [row.name, ...(row.aliases ?? [])])

/** The values of the secret settings in `env`, as given and trimmed. */
export function secretValues(env: EnvRecord): string[] {
  const out = new Set<string>()
  for (const name of SECRET_VARIABLES) {
    const value = env[name]
    if (value) out.add(value)
    if (value?.trim()) out.add(value.trim())
  }
  // Longest first, so a secret that contains another is replaced whole.
  return [...out].sort((a, b) => b.length - a.length)
}

/**
 * Runs a settings parser. A ConfigError it throws comes out with the values of the secret
 * settings replaced by `<redacted>` (URL passwords are already removed by ConfigError itself).
 * The original error is not attached as a cause: its message is what must not be printed.
 */
export function withSecretsRedacted<T>(env: EnvRecord, parse: () => T): T {
  try {
    return parse()
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    const message = redactSecretSettings(err.message, env)
    if (message === err.message) throw err
    throw new ConfigError(message)
  }
}

/**
 * `text` without URL passwords and without the values of the secret settings in `env`: what the
 * runtime entries print for a configuration error (the Node server's stderr, the Lambda init log).
 */
export function redactSecretSettings(text: string, env: EnvRecord): string {
  return redactValues(redact(text), secretValues(env))
}

/** Below this length a secret is replaced only where it stands alone, not inside other words. */
const MIN_ANYWHERE = 4

/**
 * `text` with each secret replaced by `<redacted>`. A very short value (a test token `t`) would
 * otherwise shred the message; it is replaced wherever it is not part of a longer word.
 */
function redactValues(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) {
    if (secret.length >= MIN_ANYWHERE) {
      out = redact(out, [secret])
      continue
    }
    const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    out = out.replace(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'g'), '<redacted>')
  }
  return out
}
