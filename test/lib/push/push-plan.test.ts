import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../../../lib/config'
import { FAMILIES } from '../../../lib/metrics/catalog/families'
import { INFO_FIELDS } from '../../../lib/metrics/catalog/info-map'
import { cloudWatchData } from '../../../lib/push/cloudwatch-data'
import { DEFAULT_CLOUDWATCH_METRICS } from '../../../lib/push/default-metrics'
import { emfSink } from '../../../lib/push/emf'
import { parsePushConfig } from '../../../lib/push/push-config'
import { pushPlan } from '../../../lib/push/push-plan'
import { pushgatewaySink } from '../../../lib/push/pushgateway'
import { newPushState, runPush } from '../../../lib/push/run-push'
import type { PushSink, TargetResult } from '../../../lib/push/types'
import { IoredisTransport, ioredisOptions } from '../../../lib/transport/ioredis'
import type { RedisServer } from '../../helpers/redis-server'
import { seedStandardDataset, startRedis } from '../../helpers/redis-server'

const config = parseConfig({ REDIS_ADDR: '' })

/** An EMF sink over the CloudWatch settings `env` gives (include/exclude globs). */
function emf(env: Record<string, string> = {}): PushSink {
  const push = parsePushConfig({ REDIS_EXPORTER_TARGETS: 'redis://127.0.0.1:1', ...env }, config)
  return emfSink({ cloudwatch: push.cloudwatch, write: async () => undefined })
}

/** The optional collectors a family of the catalog comes from (CLIENT SETNAME, Tile38, search: none). */
const ALL_OPTIONAL = [
  'config',
  'latency_latest',
  'latency_histogram',
  'slowlog',
  'cluster_info',
  'client_list',
  'modules',
  'sentinel_config',
]

describe('pushPlan', () => {
  it.each([
    // [what, sink settings, plain INFO, collectors turned off]
    ['the default CloudWatch set', {}, true, ALL_OPTIONAL],
    [
      'commandstats families',
      { REDIS_EXPORTER_CLOUDWATCH_INCLUDE_METRICS: 'redis_commands_*' },
      false,
      ALL_OPTIONAL,
    ],
    [
      'a CONFIG family',
      { REDIS_EXPORTER_CLOUDWATCH_INCLUDE_METRICS: 'redis_config_maxmemory' },
      true,
      ALL_OPTIONAL.filter((c) => c !== 'config'),
    ],
    [
      'the slow log',
      { REDIS_EXPORTER_CLOUDWATCH_INCLUDE_METRICS: 'redis_slowlog_length' },
      true,
      ALL_OPTIONAL.filter((c) => c !== 'slowlog'),
    ],
    [
      'latency spikes and CLUSTER INFO',
      { REDIS_EXPORTER_CLOUDWATCH_INCLUDE_METRICS: 'redis_latency_spike_*,redis_cluster_state' },
      false, // cluster_state is made by the cluster_* rule from INFO or CLUSTER INFO fields
      ALL_OPTIONAL.filter((c) => c !== 'latency_latest' && c !== 'cluster_info'),
    ],
    [
      'a glob over prefix-rule families (cluster_*: names a server makes up)',
      { REDIS_EXPORTER_CLOUDWATCH_INCLUDE_METRICS: 'redis_cluster_*' },
      false,
      ALL_OPTIONAL.filter((c) => c !== 'cluster_info'),
    ],
    [
      'everything',
      { REDIS_EXPORTER_CLOUDWATCH_INCLUDE_METRICS: '*' },
      false,
      ['latency_histogram'], // only a histogram comes from it: never sent to CloudWatch
    ],
  ])('%s', (_what, env, infoDefault, dropped) => {
    const plan = pushPlan([emf(env)], config)
    expect(plan?.infoDefault).toBe(infoDefault)
    expect([...(plan?.dropped ?? [])].sort()).toEqual([...dropped].sort())
    expect(plan?.config.disabledCollectors).toEqual(plan?.dropped)
  })

  it('selects exactly the default set among the catalog families', () => {
    const plan = pushPlan([emf()], config)!
    const all = [...INFO_FIELDS.values(), ...Object.values(FAMILIES)]
    const selected = new Set(all.filter((d) => plan.select(d)).map((d) => d.name))
    expect([...selected].sort()).toEqual(DEFAULT_CLOUDWATCH_METRICS.map((r) => r.family).sort())
  })

  it('an exclude glob takes a family out of the selection', () => {
    const plan = pushPlan(
      [emf({ REDIS_EXPORTER_CLOUDWATCH_EXCLUDE_METRICS: 'redis_db_keys' })],
      config
    )!
    expect(plan.select(FAMILIES.db_keys)).toBe(false)
    expect(plan.select(FAMILIES.up)).toBe(true)
  })

  it('keeps the collectors the user already turned off, once', () => {
    const off = parseConfig({ REDIS_ADDR: '', REDIS_EXPORTER_DISABLED_COLLECTORS: 'slowlog' })
    const plan = pushPlan([emf()], off)!
    expect(plan.config.disabledCollectors.filter((c) => c === 'slowlog')).toHaveLength(1)
    expect(plan.dropped).not.toContain('slowlog')
  })

  it.each([
    ['no sink', []],
    [
      'a Pushgateway sink (reads every family)',
      [emf(), pushgatewaySink({ url: 'http://x/', job: 'j' })],
    ],
  ])('is undefined with %s: everything is collected', (_what, sinks) => {
    expect(pushPlan(sinks as PushSink[], config)).toBeUndefined()
  })
})

/** What one push of the default CloudWatch set costs a real Redis, and what it builds. */
describe('runPush with the default CloudWatch set against redis-server', () => {
  let redis: RedisServer
  beforeAll(async () => {
    redis = await startRedis()
    await seedStandardDataset(redis)
  })
  afterAll(async () => {
    await redis?.stop()
  })

  async function push(sinks: PushSink[]): Promise<TargetResult> {
    const cfg = parseConfig({ REDIS_ADDR: redis.url })
    const transport = new IoredisTransport(() => new Redis(ioredisOptions(cfg.target!, cfg)))
    let seen: TargetResult | undefined
    const record: PushSink = {
      ...sinks[0]!,
      send: async (results, opts) => {
        seen = results[0]
        return sinks[0]!.send(results, opts)
      },
    }
    try {
      await redis.command('CONFIG', 'RESETSTAT')
      await runPush({
        targets: [{ target: cfg.target!, id: 't', dimensions: {} }],
        getTransport: () => transport,
        config: cfg,
        sinks: [record, ...sinks.slice(1)],
        state: newPushState(),
      })
    } finally {
      await transport.close()
    }
    return seen!
  }

  /** `cmdstat_x` calls since RESETSTAT (counted before this INFO), RESETSTAT left out. */
  async function commandsSent(): Promise<string[]> {
    const text = String(await redis.command('INFO', 'commandstats'))
    const sent = [...text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map(([, c, n]) => `${c}=${n}`)
    return sent.filter((c) => !c.startsWith('config|resetstat=')).sort()
  }

  it('sends plain INFO only and builds only the selected families', async () => {
    const result = await push([emf()])
    expect(result.up).toBe(true)
    // Plain INFO, and CLIENT SETNAME on the new connection (REDIS_EXPORTER_SET_CLIENT_NAME).
    expect(await commandsSent()).toEqual(['client|setname=1', 'info=1'])
    const wanted = new Set(DEFAULT_CLOUDWATCH_METRICS.map((r) => `redis_${r.family}`))
    const built = result.families.map((f) => f.name)
    expect(built.length).toBeGreaterThan(10)
    expect(built.filter((n) => !wanted.has(n))).toEqual([])
  })

  it('gives CloudWatch the same data points as a full collection', async () => {
    const cw = parsePushConfig({ REDIS_EXPORTER_TARGETS: redis.url }, config).cloudwatch
    const planned = cloudWatchData(await push([emf()]), cw)
    const full = cloudWatchData(
      await push([emf(), pushgatewaySink({ url: 'http://127.0.0.1:1/', job: 'j' })]),
      cw
    )
    const names = (d: typeof planned) => d.metrics.map((m) => `${m.name} ${m.unit}`).sort()
    expect(names(planned)).toEqual(names(full))
    // The gauges of the default set (counters need a previous push to become rates).
    expect(names(planned).length).toBeGreaterThan(5)
    const value = (d: typeof planned, name: string) => d.metrics.find((m) => m.name === name)?.value
    for (const name of ['redis_db_keys', 'redis_up', 'redis_connected_slaves']) {
      expect([name, value(planned, name)]).toEqual([name, value(full, name)])
    }
  })

  it('with a Pushgateway sink too, sends INFO ALL and the optional commands as a scrape does', async () => {
    const result = await push([emf(), pushgatewaySink({ url: 'http://127.0.0.1:1/', job: 'j' })])
    const sent = await commandsSent()
    expect(sent).toEqual(expect.arrayContaining(['latency|histogram=1', 'slowlog|get=1']))
    expect(result.families.map((f) => f.name)).toContain('redis_commands_total')
  })
})
