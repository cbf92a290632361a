/**
 * Secrets by reference: a secret setting (REDIS_PASSWORD, the bearer token, …) may instead be
 * named by `<SETTING>_SSM` (an SSM SecureString parameter) or `<SETTING>_SECRET_ARN` (a Secrets
 * Manager secret). The pairs are derived from the table by those suffixes, so a new secret row
 * gets references by adding its two rows. The deploy reads the same pairs (scripts/serverless-env.ts).
 * A row marked `byReference` (REDIS_EXPORTER_TARGETS: too long for the 4 KB Lambda environment,
 * and its URIs may carry passwords) is read the same way, though plaintext stays allowed for it.
 */
import { ConfigError } from '../errors'
import type { CredentialRef, SecretResolver } from '../push/push-targets'
import { describeCredential } from '../push/push-targets'
import type { EnvRecord } from './read'
import { lookup } from './read'
import type { Runtime, SettingRow } from './table'
import { SETTINGS, SETTINGS_BY_NAME } from './table'

/** A secret setting and the two settings that may name where its value is stored. */
export interface SecretReference {
  readonly setting: string
  readonly ssm: string
  readonly secretArn: string
  /** Where the references are read (the runtimes of the `_SSM` row). */
  readonly runtimes: readonly Runtime[]
}

const ROWS: readonly SettingRow[] = SETTINGS

/** Every setting (secret or `byReference`) that can be given by reference, in table order. */
export const SECRET_REFERENCES: readonly SecretReference[] = ROWS.flatMap((row) => {
  const ssm = SETTINGS_BY_NAME.get(`${row.name}_SSM`)
  const arn = SETTINGS_BY_NAME.get(`${row.name}_SECRET_ARN`)
  if (!(row.secret || row.byReference) || !ssm || !arn) return []
  return [{ setting: row.name, ssm: ssm.name, secretArn: arn.name, runtimes: ssm.runtimes }]
})

/** One reference that is set: which setting it fills, which variable names it, and where. */
export interface SetReference {
  readonly setting: string
  readonly variable: string
  readonly ref: CredentialRef
}

const valueOf = (env: EnvRecord, name: string): string | undefined => {
  const row = SETTINGS_BY_NAME.get(name)
  const raw = row ? lookup(env, row)?.raw.trim() : undefined
  return raw ? raw : undefined
}

/**
 * The references set in `env` for `runtime`. Two references for one setting, or a reference
 * next to the plaintext setting, is a ConfigError naming both variables (never a value).
 */
export function referencesIn(env: EnvRecord, runtime: Runtime): SetReference[] {
  const out: SetReference[] = []
  for (const r of SECRET_REFERENCES.filter((x) => x.runtimes.includes(runtime))) {
    const ssm = valueOf(env, r.ssm)
    const arn = valueOf(env, r.secretArn)
    if (ssm && arn) throw new ConfigError(`${r.ssm} and ${r.secretArn}: set only one of the two`)
    if (!ssm && !arn) continue
    const variable = ssm ? r.ssm : r.secretArn
    if (valueOf(env, r.setting)) {
      throw new ConfigError(`${r.setting} and ${variable}: set only one (the reference)`)
    }
    const ref: CredentialRef = ssm
      ? { kind: 'ssm', name: ssm }
      : { kind: 'secretsmanager', id: arn ?? '' }
    out.push({ setting: r.setting, variable, ref })
  }
  return out
}

/**
 * `env` with every reference of `runtime` replaced by the value it names (read through
 * `resolve`), so the parsers see REDIS_PASSWORD etc. as if set. A Secrets Manager JSON secret
 * for REDIS_PASSWORD gives its `password` (and `username` for REDIS_USER when that is unset).
 * A failed read is a ConfigError naming the reference variable and what it points at.
 */
export async function resolveSecretReferences(
  env: EnvRecord,
  runtime: Runtime,
  resolve: SecretResolver
): Promise<EnvRecord> {
  const refs = referencesIn(env, runtime)
  const values = await Promise.all(
    refs.map(async ({ variable, ref }) => {
      try {
        return await resolve(ref)
      } catch (err) {
        throw new ConfigError(
          `${variable}: cannot read ${describeCredential(ref)}: ${(err as Error).message}`
        )
      }
    })
  )
  const out: Record<string, string | undefined> = { ...env }
  refs.forEach(({ setting, ref }, i) => {
    const value = values[i] ?? ''
    const json = setting === 'REDIS_PASSWORD' && ref.kind === 'secretsmanager'
    const parsed = json ? credentialsOf(value) : { password: value }
    out[setting] = parsed.password
    if (parsed.username && !valueOf(env, 'REDIS_USER')) out['REDIS_USER'] = parsed.username
  })
  return out
}

/** `{"username","password"}` (the RDS/ElastiCache secret shape) or the whole value. */
function credentialsOf(value: string): { password: string; username?: string } {
  if (!value.trim().startsWith('{')) return { password: value }
  try {
    const obj = JSON.parse(value) as Record<string, unknown>
    if (typeof obj['password'] !== 'string') return { password: value }
    return {
      password: obj['password'],
      ...(typeof obj['username'] === 'string' ? { username: obj['username'] } : {}),
    }
  } catch {
    return { password: value }
  }
}
