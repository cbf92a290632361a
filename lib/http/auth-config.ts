import { ConfigError } from '../errors'
import type { EnvRecord } from '../settings/read'
import { readSettings } from '../settings/read'
import { withSecretsRedacted } from '../settings/secret-settings'

export interface AuthConfig {
  readonly basic?: { readonly username: string; readonly password: string }
  readonly bearerToken?: string
  /**
   * `check`: credentials are configured and every request but /health must present one.
   * `open`: nothing to check (Node default, or the explicit opt-out).
   * `refuse`: credentials are required here but none is configured: refuse with 403.
   */
  readonly mode: 'check' | 'open' | 'refuse'
}

/** The reason a refused request gets: which settings to set. */
export const AUTH_NOT_CONFIGURED =
  'authentication is not configured: set REDIS_EXPORTER_BASIC_AUTH_USERNAME and REDIS_EXPORTER_BASIC_AUTH_PASSWORD, or REDIS_EXPORTER_BEARER_TOKEN (or REDIS_EXPORTER_ALLOW_UNAUTHENTICATED=true to serve metrics to anyone)'

/**
 * Reads the HTTP auth settings. `requireCredentials` is true where the endpoint is on the internet
 * (Lambda Function URL, Workers): then no credential means `refuse` unless the operator opted out
 * with REDIS_EXPORTER_ALLOW_UNAUTHENTICATED. Values are never echoed in errors.
 */
export function parseAuthConfig(
  env: EnvRecord,
  opts: { readonly requireCredentials: boolean }
): AuthConfig {
  return withSecretsRedacted(env, () => readAuthConfig(env, opts))
}

function readAuthConfig(
  env: EnvRecord,
  opts: { readonly requireCredentials: boolean }
): AuthConfig {
  const s = readSettings(env)
  const username = s.text('REDIS_EXPORTER_BASIC_AUTH_USERNAME') ?? ''
  const password = s.text('REDIS_EXPORTER_BASIC_AUTH_PASSWORD') ?? ''
  const token = s.text('REDIS_EXPORTER_BEARER_TOKEN') ?? ''
  const allowOpen = s.bool('REDIS_EXPORTER_ALLOW_UNAUTHENTICATED')

  if (username !== '' && password === '') {
    throw new ConfigError(
      'REDIS_EXPORTER_BASIC_AUTH_PASSWORD: must be set when REDIS_EXPORTER_BASIC_AUTH_USERNAME is set'
    )
  }
  if (password !== '' && username === '') {
    throw new ConfigError(
      'REDIS_EXPORTER_BASIC_AUTH_USERNAME: must be set when REDIS_EXPORTER_BASIC_AUTH_PASSWORD is set'
    )
  }
  if (username.includes(':')) {
    throw new ConfigError(
      'REDIS_EXPORTER_BASIC_AUTH_USERNAME: must not contain ":" (HTTP basic auth cannot carry it)'
    )
  }
  if (token !== '' && !/^[A-Za-z0-9\-._~+/]+=*$/.test(token)) {
    throw new ConfigError(
      'REDIS_EXPORTER_BEARER_TOKEN: contains characters a bearer token cannot carry (expected letters, digits and -._~+/ , e.g. the output of `openssl rand -hex 32`)'
    )
  }
  const basic = username !== '' ? { username, password } : undefined
  const hasCredentials = basic !== undefined || token !== ''
  if (hasCredentials && allowOpen) {
    throw new ConfigError(
      'REDIS_EXPORTER_ALLOW_UNAUTHENTICATED: must not be true while credentials are configured (unset it, or unset the credentials)'
    )
  }
  const mode = hasCredentials ? 'check' : opts.requireCredentials && !allowOpen ? 'refuse' : 'open'
  return {
    ...(basic ? { basic } : {}),
    ...(token !== '' ? { bearerToken: token } : {}),
    mode,
  }
}
