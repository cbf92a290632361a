import { ConfigError, RequestError, redact } from '../errors'
import type { Target } from '../target'
import { parseTarget } from '../target'
import type { EnvRecord, Settings } from './read'

/** Passwords by `user@host:port` or `host:port` (lower case). Never printed. */
export type PasswordMap = ReadonlyMap<string, string>

/**
 * redis_exporter's password file: a JSON object from target URI to password, e.g.
 * `{"redis://host:6379":"pw","redis://exporter@host:6380":"pw2"}` (a user in the key is the ACL
 * user it applies to). A value may also be a reference, `{"password_env":"VAR"}`: the password is
 * read from that environment variable, so the map itself holds no secret. Error messages name
 * keys and variables, never a value, and never echo the JSON.
 */
export function parsePasswordMap(variable: string, json: string, env: EnvRecord): PasswordMap {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    throw new ConfigError(
      `${variable}: is not valid JSON (expected an object such as {"redis://host:6379": "password"})`
    )
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`${variable}: expected a JSON object from target URI to password`)
  }
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(parsed)) {
    const where = `${variable}: entry "${redact(key)}"`
    const password = entryPassword(where, value, env)
    if (password !== '') out.set(mapKey(where, key), password)
  }
  return out
}

/** The password the map holds for a target and ACL user: `user@host:port` first, then `host:port`. */
export function lookupPassword(
  map: PasswordMap | undefined,
  target: Pick<Target, 'id'>,
  username: string | undefined
): string | undefined {
  if (!map) return undefined
  const id = target.id.toLowerCase()
  return (username !== undefined ? map.get(`${username}@${id}`) : undefined) ?? map.get(id)
}

/** Where credentials come from besides the target's own URL. */
export interface CredentialSettings {
  readonly username?: string
  readonly password?: string
  readonly passwordMap?: PasswordMap
}

/**
 * The ACL user and password for a target: the target's own (REDIS_ADDR's URL), else the password
 * map's entry for `user@host:port` or `host:port` (REDIS_PASSWORD_FILE), else REDIS_USER /
 * REDIS_PASSWORD.
 */
export function targetCredentials(
  target: Pick<Target, 'id' | 'username' | 'password'>,
  settings: CredentialSettings
): { username?: string; password?: string } {
  const username = target.username ?? settings.username
  const password =
    target.password ?? lookupPassword(settings.passwordMap, target, username) ?? settings.password
  return { ...(username ? { username } : {}), ...(password ? { password } : {}) }
}

function entryPassword(where: string, value: unknown, env: EnvRecord): string {
  if (typeof value === 'string') return value
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const ref = (value as Record<string, unknown>)['password_env']
    if (typeof ref === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(ref)) {
      const secret = env[ref]
      if (!secret)
        throw new ConfigError(`${where}: environment variable ${ref} is not set or empty`)
      return secret
    }
  }
  throw new ConfigError(
    `${where}: expected a password string or {"password_env": "<environment variable>"}`
  )
}

function mapKey(where: string, key: string): string {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)?(?:([^@/]*)@)?(.*)$/.exec(key.trim())
  const userinfo = m?.[2] ?? ''
  if (userinfo.includes(':')) {
    throw new ConfigError(
      `${where}: the key must not carry a password (name only the ACL user: user@host:port)`
    )
  }
  let id: string
  try {
    id = parseTarget(`${m?.[1] ?? ''}${m?.[3] ?? ''}`).id.toLowerCase()
  } catch (err) {
    const reason = err instanceof RequestError ? err.message : 'invalid target'
    throw new ConfigError(`${where}: ${reason} (expected e.g. redis://host:6379)`)
  }
  const user = userinfo === '' ? '' : safeDecode(userinfo)
  return user === '' ? id : `${user}@${id}`
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * REDIS_PASSWORD_MAP (JSON by value) or REDIS_PASSWORD_FILE (its contents, read by the runtime).
 * `env` resolves the `password_env` references.
 */
export function readPasswordMap(s: Settings, env: EnvRecord): PasswordMap | undefined {
  const byValue = s.text('REDIS_PASSWORD_MAP')
  const path = s.isSet('REDIS_PASSWORD_FILE')
  if (byValue && path) {
    throw new ConfigError('REDIS_PASSWORD_MAP and REDIS_PASSWORD_FILE are both set; set only one')
  }
  if (path) {
    const text = s.file('REDIS_PASSWORD_FILE')
    if (text === undefined) {
      throw new ConfigError(
        'REDIS_PASSWORD_FILE: this runtime cannot read files; put the JSON in REDIS_PASSWORD_MAP instead'
      )
    }
    return parsePasswordMap('REDIS_PASSWORD_FILE', text, env)
  }
  return byValue ? parsePasswordMap('REDIS_PASSWORD_MAP', byValue, env) : undefined
}
