import { ConfigError } from '../errors'
import { BCRYPT_HASH, BcryptCheck } from './bcrypt-check'
import type { EnvRecord } from '../settings/read'
import { readSettings } from '../settings/read'
import { withSecretsRedacted } from '../settings/secret-settings'

/** Basic auth: a plain password, or a bcrypt hash (checked by `bcrypt`). */
export type BasicAuth =
  | { readonly username: string; readonly password: string }
  | { readonly username: string; readonly bcrypt: BcryptCheck }

export interface AuthConfig {
  readonly basic?: BasicAuth
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
  const hash = (s.text('REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD') ?? '').trim()
  const token = s.text('REDIS_EXPORTER_BEARER_TOKEN') ?? ''
  const allowOpen = s.bool('REDIS_EXPORTER_ALLOW_UNAUTHENTICATED')

  checkBasicPair(username, password, hash)
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
  const basic: BasicAuth | undefined =
    username === ''
      ? undefined
      : hash !== ''
        ? { username, bcrypt: new BcryptCheck(hash) }
        : { username, password }
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

const PASSWORDS = 'REDIS_EXPORTER_BASIC_AUTH_PASSWORD or REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD'

/** A user name needs exactly one of the password and its hash, and they need a user name. */
function checkBasicPair(username: string, password: string, hash: string): void {
  if (password !== '' && hash !== '') {
    throw new ConfigError(
      'REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD: set either it or REDIS_EXPORTER_BASIC_AUTH_PASSWORD, not both'
    )
  }
  if (username !== '' && password === '' && hash === '') {
    throw new ConfigError(
      `${PASSWORDS}: one must be set when REDIS_EXPORTER_BASIC_AUTH_USERNAME is set`
    )
  }
  if (username === '' && (password !== '' || hash !== '')) {
    const which =
      hash !== '' ? 'REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD' : 'REDIS_EXPORTER_BASIC_AUTH_PASSWORD'
    throw new ConfigError(`REDIS_EXPORTER_BASIC_AUTH_USERNAME: must be set when ${which} is set`)
  }
  if (hash !== '' && !BCRYPT_HASH.test(hash)) {
    throw new ConfigError(
      'REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD: is not a bcrypt hash (expected $2a$, $2b$ or $2y$, a cost from 04 to 31 and 53 characters of salt and hash, e.g. from `htpasswd -nbBC 10 user password`)'
    )
  }
}
