// A 1,000-target list too long for the 4 KB Lambda environment, read at run time from Secrets
// Manager through a local server speaking the Parameters and Secrets extension's protocol, pushed
// through one shard of eight; a list changed in the store is picked up after the refresh interval.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPushHandler } from '../../functions/lambda-push-handler'
import type { PushOutcome } from '../../functions/lambda-push-handler'
import { secretsExtensionResolver } from '../../lib/push/secrets-extension'
import { shardOf } from '../../lib/push/shards'
import type { SecretAware } from '../../lib/settings/secret-refresh'
import { secretAware } from '../../lib/settings/secret-refresh'
import type { Fleet } from '../helpers/fleet'
import { startFleet } from '../helpers/fleet'
import type { SecretsExtensionServer } from '../helpers/secrets-extension-server'
import { startSecretsExtension } from '../helpers/secrets-extension-server'

const TARGETS = 1000
const ADDED = 10
const SHARDS = 8
const SHARD = 3
const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:redis/fleet-targets-AbCdEf'
const TOKEN = 'session-token-target-source'

type Handler = ReturnType<typeof createPushHandler>['handler']

let fleet: Fleet
let ext: SecretsExtensionServer
beforeAll(async () => {
  fleet = await startFleet({ targets: TARGETS + ADDED, failing: [], slow: [], slowMs: 0 })
  ext = await startSecretsExtension(TOKEN)
}, 60_000)
afterAll(async () => {
  await ext?.close()
  await fleet?.stop()
})

const idOf = (i: number) => `cache-${i}`
/** The list as stored: one entry a line, the first `n` servers of the fleet. */
const storedList = (n: number) =>
  fleet.ports
    .slice(0, n)
    .map((port, i) => `redis://127.0.0.1:${port}?name=${idOf(i)}`)
    .join('\n')
const ofShard = (n: number) =>
  Array.from({ length: n }, (_, i) => idOf(i)).filter((id) => shardOf(id, SHARDS) === SHARD)

describe(`REDIS_EXPORTER_TARGETS_SECRET_ARN with ${TARGETS} targets, shard ${SHARD} of ${SHARDS}`, () => {
  let clock = 0
  let minute = 0
  let aware: SecretAware<Handler>
  const built: { close: () => Promise<void> }[] = []
  const logs: Readonly<Record<string, unknown>>[] = []
  const invoke = async (): Promise<PushOutcome> =>
    (await aware.current())(
      {
        source: 'scheduler',
        scheduledTime: new Date(
          Date.parse('2026-12-02T05:00:00Z') + 60_000 * ++minute
        ).toISOString(),
        shard: SHARD,
        of: SHARDS,
      },
      { getRemainingTimeInMillis: () => 40_000 }
    )

  beforeAll(async () => {
    ext.secrets.set(SECRET, storedList(TARGETS))
    aware = await secretAware<Handler>({
      env: {
        REDIS_ADDR: '',
        REDIS_EXPORTER_TARGETS_SECRET_ARN: SECRET,
        REDIS_EXPORTER_PUSH_SHARDS: String(SHARDS),
        REDIS_EXPORTER_PUSH_DISCOVER_NODES: 'off',
        REDIS_EXPORTER_SECRETS_REFRESH_INTERVAL: '60s',
        REDIS_EXPORTER_SCRAPE_TIMEOUT: '20s',
      },
      runtime: 'lambda-push',
      resolve: secretsExtensionResolver({
        fetch,
        sessionToken: TOKEN,
        port: ext.port,
        host: '127.0.0.1',
      }),
      now: () => clock,
      log: (e) => logs.push(e),
      build: (env) => {
        const b = createPushHandler(env, { log: () => undefined, write: async () => undefined })
        built.push(b)
        return b
      },
    })
  }, 30_000)
  afterAll(async () => {
    await Promise.all(built.map((b) => b.close()))
  })

  it('reads the list from the store and collects only the entries of its shard', async () => {
    expect(ext.requests.some((r) => r.startsWith('/secretsmanager/get?secretId='))).toBe(true)
    const outcome = await invoke()
    const expected = ofShard(TARGETS)
    expect(expected.length).toBeGreaterThan(TARGETS / SHARDS / 2)
    expect(expected.length).toBeLessThan((TARGETS / SHARDS) * 2)
    expect(outcome.targets.map((t) => t.id).sort()).toEqual([...expected].sort())
    expect(outcome.targets.every((t) => t.up)).toBe(true)
  }, 60_000)

  it('keeps the list until the refresh interval, then collects the changed one', async () => {
    ext.secrets.set(SECRET, storedList(TARGETS + ADDED))
    clock += 59_000
    const before = await invoke()
    expect(before.targets.map((t) => t.id).sort()).toEqual([...ofShard(TARGETS)].sort())
    expect(aware.builds()).toBe(1)

    clock += 1_000
    const after = await invoke()
    expect(aware.builds()).toBe(2)
    expect(logs).toContainEqual({ level: 'info', msg: 'secrets changed; configuration rebuilt' })
    const ids = after.targets.map((t) => t.id)
    expect(ids.sort()).toEqual([...ofShard(TARGETS + ADDED)].sort())
    // Per-entry shards: every entry this shard had stays here; only new entries are added.
    for (const id of ofShard(TARGETS)) expect(ids).toContain(id)
    expect(
      ids
        .filter((id) => !ofShard(TARGETS).includes(id))
        .every((id) => {
          const i = Number(id.slice('cache-'.length))
          return i >= TARGETS
        })
    ).toBe(true)
  }, 60_000)
})
