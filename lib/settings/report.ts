import type { Config } from '../config'

/** Warnings to log once at startup (never containing a secret). */
export function configWarnings(config: Config): string[] {
  const out: string[] = []
  if (config.tls.skipVerify) {
    out.push(
      'REDIS_EXPORTER_SKIP_TLS_VERIFICATION is on: TLS server certificates are not verified, so a man in the middle can read the Redis password'
    )
  }
  if (config.target && !config.target.tls && (config.tls.ca || config.tls.cert)) {
    out.push(
      `TLS certificates are configured but REDIS_ADDR (${config.target.uri}) is not rediss:// or valkeys://, so they are not used for it`
    )
  }
  return out
}

/** Every secret the configuration holds, for redacting text before it is printed. */
export function configSecrets(config: Config): string[] {
  const out = [config.password, config.target?.password, config.tls.key]
  for (const value of config.passwordMap?.values() ?? []) out.push(value)
  return out.filter((s): s is string => typeof s === 'string' && s !== '')
}
