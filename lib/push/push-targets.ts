import type { Config, EnvRecord } from '../config'
import { ConfigError } from '../errors'
import type { Target } from '../target'
import { parseTarget } from '../target'
import { addDimension, checkDimensionCount } from './dimensions'
import type { PushTarget } from './types'

const VARIABLE = 'REDIS_EXPORTER_TARGETS'

/** Where a target's password comes from. The password itself never appears in a setting. */
export type CredentialRef =
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'secretsmanager'; readonly id: string }
  | { readonly kind: 'ssm'; readonly name: string }

/** A push target as configured: a PushTarget without password plus where to fetch it. */
export interface PushTargetSpec extends PushTarget {
  readonly password?: CredentialRef
}

/** Fetches a secret's value (Secrets Manager, SSM); the runtime provides it. */
export type SecretResolver = (ref: CredentialRef) => Promise<string>

const PARAMS = new Set(['name', 'user', 'password_env', 'password_secret', 'password_ssm'])

/**
 * Parses REDIS_EXPORTER_TARGETS: entries separated by commas or whitespace, each a target URI
 * (as REDIS_ADDR) with optional query parameters:
 * `name=` (printable id, default host:port), `user=` (ACL user), `password_env=VAR`,
 * `password_secret=<Secrets Manager id or ARN>`, `password_ssm=<SSM parameter name>`,
 * `dim.<key>=<value>` (extra dimension). A password inside the URI is refused, unless
 * `inlinePasswords` (the list itself was read from SSM or Secrets Manager, not the environment).
 */
export function parsePushTargets(
  raw: string,
  config: Config,
  globalDimensions: Readonly<Record<string, string>>,
  opts: { readonly inlinePasswords?: boolean } = {}
): PushTargetSpec[] {
  const prefix = `${config.namespace}_`
  const entries = raw.split(/[\s,]+/).filter((e) => e !== '')
  const inline = opts.inlinePasswords === true
  const specs = entries.map((entry, i) =>
    parseEntry(entry, i + 1, prefix, globalDimensions, inline)
  )
  const seen = new Set<string>()
  for (const spec of specs) {
    if (seen.has(spec.id)) {
      throw new ConfigError(
        `${VARIABLE}: two targets have the id ${spec.id}; give one of them name=<id>`
      )
    }
    seen.add(spec.id)
  }
  return specs
}

function parseEntry(
  entry: string,
  position: number,
  prefix: string,
  globalDimensions: Readonly<Record<string, string>>,
  inlinePasswords: boolean
): PushTargetSpec {
  const q = entry.indexOf('?')
  const uri = q === -1 ? entry : entry.slice(0, q)
  const where = `${VARIABLE}: entry ${position}`
  let parsed: Target
  try {
    parsed = parseTarget(uri)
  } catch (err) {
    throw new ConfigError(`${where}: ${(err as Error).message} (expected e.g. redis://host:6379)`)
  }
  if (parsed.password !== undefined && !inlinePasswords) {
    throw new ConfigError(
      `${where} (${parsed.id}) carries a password inline; use password_env=<VARIABLE> or password_secret=<secret id>, or keep the list in REDIS_EXPORTER_TARGETS_SECRET_ARN`
    )
  }
  const params = new URLSearchParams(q === -1 ? '' : entry.slice(q + 1))
  const { own, password, username, id } = readParams(
    params,
    `${where} (${parsed.id})`,
    parsed,
    prefix
  )
  if (!/^[\x21-\x7e]{1,1024}$/.test(id)) {
    throw new ConfigError(`${where}: name must be 1 to 1024 printable characters without spaces`)
  }
  const dims: Record<string, string> = { ...globalDimensions, ...own }
  checkDimensionCount(VARIABLE, `target ${id}`, Object.keys(dims).length)
  const { username: _u, ...rest } = parsed
  const target: Target = {
    ...rest,
    ...(username ? { username } : {}),
    uri:
      username && !parsed.username
        ? parsed.uri.replace('://', `://${encodeURIComponent(username)}@`)
        : parsed.uri,
  }
  if (password && parsed.password !== undefined) {
    throw new ConfigError(`${where} (${id}): give the password once, in the URI or as password_*`)
  }
  return { target, id, dimensions: dims, ...(password ? { password } : {}) }
}

/** The query parameters of one entry: its own dimensions, password reference, user and id. */
function readParams(
  params: URLSearchParams,
  where: string,
  parsed: Target,
  prefix: string
): { own: Record<string, string>; password?: CredentialRef; username?: string; id: string } {
  const own: Record<string, string> = {}
  let password: CredentialRef | undefined
  let username = parsed.username
  let id = parsed.id
  for (const [key, value] of params) {
    if (key.startsWith('dim.')) {
      addDimension(own, where, key.slice(4), value, prefix)
      continue
    }
    if (!PARAMS.has(key)) {
      throw new ConfigError(
        `${where}: unknown parameter "${key}" (expected name, user, password_env, password_secret, password_ssm or dim.<key>)`
      )
    }
    if (value === '') throw new ConfigError(`${where}: ${key} is empty`)
    if (key === 'name') id = value
    else if (key === 'user') {
      if (parsed.username) {
        throw new ConfigError(`${where}: give the user once, in the URI or as user=`)
      }
      username = value
    } else {
      if (password) throw new ConfigError(`${where}: give only one password_* parameter`)
      password = credentialRef(key, value, where)
    }
  }
  return { own, id, ...(password ? { password } : {}), ...(username ? { username } : {}) }
}

function credentialRef(key: string, value: string, where: string): CredentialRef {
  if (key === 'password_env') {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) {
      throw new ConfigError(`${where}: password_env must name an environment variable`)
    }
    return { kind: 'env', name: value }
  }
  if (key === 'password_secret') return { kind: 'secretsmanager', id: value }
  return { kind: 'ssm', name: value }
}

/** A printable description of a reference, for errors and logs (never the secret). */
export function describeCredential(ref: CredentialRef): string {
  if (ref.kind === 'env') return `environment variable ${ref.name}`
  if (ref.kind === 'secretsmanager') return `secret ${ref.id}`
  return `SSM parameter ${ref.name}`
}

/**
 * Returns a function that fills one target's password from its reference: an environment variable
 * (read from `env`) or a secret (through `resolveSecret`). A Secrets Manager value that is a JSON
 * object contributes its `password` (and `username`, when the target names none). A target
 * without a reference is returned as it is, at once (no promise: runPush then sets no deadline).
 */
export function credentialResolver(opts: {
  readonly env: EnvRecord
  readonly resolveSecret?: SecretResolver
}): (spec: PushTargetSpec) => PushTarget | Promise<PushTarget> {
  const resolve = async (spec: PushTargetSpec, ref: CredentialRef): Promise<PushTarget> => {
    let secret: string | undefined
    let username: string | undefined
    if (ref.kind === 'env') {
      secret = opts.env[ref.name]
      if (!secret) throw new ConfigError(`${describeCredential(ref)} is not set or empty`)
    } else {
      if (!opts.resolveSecret) {
        throw new ConfigError(`${describeCredential(ref)} cannot be read on this runtime`)
      }
      const value = await opts.resolveSecret(ref)
      ;({ password: secret, username } = fromSecretValue(value))
      if (!secret) throw new ConfigError(`${describeCredential(ref)} holds no password`)
    }
    const user = spec.target.username ?? username
    return {
      id: spec.id,
      dimensions: spec.dimensions,
      target: { ...spec.target, password: secret, ...(user ? { username: user } : {}) },
    }
  }
  return (spec) => (spec.password ? resolve(spec, spec.password) : spec)
}

function fromSecretValue(value: string): { password?: string; username?: string } {
  const text = value.trim()
  if (text.startsWith('{')) {
    try {
      const obj = JSON.parse(text) as Record<string, unknown>
      return {
        ...(typeof obj['password'] === 'string' ? { password: obj['password'] } : {}),
        ...(typeof obj['username'] === 'string' ? { username: obj['username'] } : {}),
      }
    } catch {
      // not JSON after all: the whole value is the password
    }
  }
  return { password: value }
}
