/**
 * The Worker's target source for a list too long for a variable (Cloudflare caps each at 5 KB):
 * the key `targets` of the KV namespace bound as TARGETS_KV, read by every cron and queue run (KV
 * caches it at the edge for about a minute, so an edited list is used within a minute or two).
 */
import type { EnvRecord } from '../config'
import { ConfigError, TimeoutError } from '../errors'
import { raceAbort, withDeadline } from '../primitives/deadline'
import { readSettings } from '../settings/read'

/** The KV binding's name in wrangler.toml and the key holding the list. */
export const TARGETS_KV = { binding: 'TARGETS_KV', key: 'targets' } as const

/** Most characters of a stored list (1,000 entries of 60 characters need 60,000). */
export const MAX_TARGETS_KV_CHARS = 1_000_000

/** What a Workers KV namespace offers that the push uses. */
export interface KvNamespaceLike {
  get(key: string, type: 'text'): Promise<string | null>
}

const isKv = (v: unknown): v is KvNamespaceLike =>
  typeof (v as Partial<KvNamespaceLike> | undefined)?.get === 'function'

const WHERE = `${TARGETS_KV.binding} (key "${TARGETS_KV.key}")`

/**
 * `env` with REDIS_EXPORTER_TARGETS read from the TARGETS_KV binding, when there is one; `env`
 * itself otherwise. A missing or empty key, a list over MAX_TARGETS_KV_CHARS, a read slower than
 * `timeoutMs`, or the variable set as well, is a ConfigError naming the binding.
 */
export async function withTargetsFromKv(
  env: EnvRecord,
  bindings: Readonly<Record<string, unknown>>,
  timeoutMs: number
): Promise<EnvRecord> {
  const kv = bindings[TARGETS_KV.binding]
  if (kv === undefined) return env
  if (!isKv(kv)) throw new ConfigError(`${TARGETS_KV.binding}: must be a KV namespace binding`)
  if (readSettings(env).text('REDIS_EXPORTER_TARGETS') !== undefined) {
    throw new ConfigError(`REDIS_EXPORTER_TARGETS and ${TARGETS_KV.binding}: set only one`)
  }
  let list: string | null
  try {
    list = await withDeadline(
      timeoutMs,
      () => new TimeoutError(`no answer within ${timeoutMs} ms`),
      (signal) => raceAbort(kv.get(TARGETS_KV.key, 'text'), signal)
    )
  } catch (err) {
    throw new ConfigError(`${WHERE}: cannot read the target list: ${(err as Error).message}`)
  }
  if (!list?.trim()) {
    throw new ConfigError(
      `${WHERE}: no target list (npx wrangler kv key put --binding ${TARGETS_KV.binding} ${TARGETS_KV.key} "redis://…")`
    )
  }
  if (list.length > MAX_TARGETS_KV_CHARS) {
    throw new ConfigError(`${WHERE}: the list is over ${MAX_TARGETS_KV_CHARS} characters`)
  }
  return { ...env, REDIS_EXPORTER_TARGETS: list }
}
