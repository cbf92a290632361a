import { describe, expect, it } from 'vitest'
import { collect } from '../../../lib/collect/collect'
import type { CollectOptions, Snapshot } from '../../../lib/collect/collect'
import { newTargetState } from '../../../lib/collect/target-state'
import { TransportError } from '../../../lib/errors'
import { buildFamilies } from '../../../lib/metrics/build'
import { FakeRedis, INFO_7, RUN_ID, withRunId } from '../../helpers/fake-redis'

const WARM_ROUND = [
  'INFO ALL',
  'LATENCY LATEST',
  'LATENCY HISTOGRAM',
  'SLOWLOG LEN',
  'SLOWLOG GET 1',
]
const START_MS = 1_795_319_047_000

function setup(opts: Partial<CollectOptions> = {}, redis = new FakeRedis()) {
  const state = newTargetState()
  const clock = { ms: START_MS }
  const logs: Record<string, unknown>[] = []
  const scrape = () =>
    collect(redis, state, {
      signal: new AbortController().signal,
      now: () => clock.ms,
      excludeLatency: false,
      configCommand: 'CONFIG',
      configRefreshSeconds: 300,
      log: (e) => logs.push({ ...e }),
      ...opts,
    })
  return { redis, state, clock, logs, scrape }
}

function available(snap: Snapshot): Record<string, boolean> {
  return Object.fromEntries([...(snap.available ?? [])].filter(([k]) => !k.startsWith('info_')))
}

function unavailableLogs(logs: Record<string, unknown>[]): string[] {
  return logs
    .filter((l) => String(l['msg']).startsWith('optional command unavailable'))
    .map((l) => String(l['collector']))
}

describe('collect: capability probing', () => {
  it('reports every probed collector as available, and INFO sections by their headers', async () => {
    const { scrape } = setup({ setClientName: true })
    const snap = await scrape()
    expect(available(snap)).toEqual({
      client: true,
      config: true,
      latency_latest: true,
      latency_histogram: true,
      slowlog: true,
    })
    expect(snap.available?.get('info_commandstats')).toBe(true)
    expect(snap.available?.get('info_latencystats')).toBe(true)
  })

  it.each<[string, string, string]>([
    [
      'Redis 7 quotes',
      "ERR unknown command 'SLOWLOG', with args beginning with: 'LEN' ",
      'slowlog',
    ],
    [
      'Redis 6 backticks',
      'ERR unknown command `SLOWLOG`, with args beginning with: `LEN`, ',
      'slowlog',
    ],
    [
      'ElastiCache Serverless lowercase',
      "ERR unknown command 'slowlog', with args beginning with: LEN",
      'slowlog',
    ],
    [
      'an ACL denial',
      "NOPERM User x has no permissions to run the 'slowlog|len' command",
      'slowlog',
    ],
  ])(
    'marks a collector blocked (%s), leaves it out, and logs it once per target',
    async (_w, error, collector) => {
      const { redis, logs, scrape } = setup()
      redis.errors.set('SLOWLOG', error)
      const snaps = [await scrape(), await scrape(), await scrape()]
      for (const snap of snaps) {
        expect(available(snap)[collector]).toBe(false)
        expect(snap.unavailable).toEqual(expect.arrayContaining(['slowlog_len', 'slowlog_get']))
      }
      expect(redis.rounds.at(-1)).toEqual(['INFO ALL', 'LATENCY LATEST', 'LATENCY HISTOGRAM'])
      expect(unavailableLogs(logs)).toEqual([collector])
      expect(logs[0]).toMatchObject({ level: 'warn', command: 'SLOWLOG LEN', error })
    }
  )

  it('treats an empty CONFIG GET answer (Upstash) as CONFIG unavailable, not as zero limits', async () => {
    const { redis, state, scrape } = setup()
    redis.config = {}
    const first = await scrape()
    expect(first.config).toBeUndefined()
    expect(state.config).toBeUndefined()
    expect(available(first)['config']).toBe(false)
    const second = await scrape()
    expect(redis.rounds.at(-1)).toEqual(WARM_ROUND)
    expect(second.unavailable).toEqual(['config'])
    const families = buildFamilies(
      second,
      { durationSeconds: 0, scrapesTotal: 1, scrapeDurationSum: 0 },
      {
        namespace: 'redis',
        includeSystemMetrics: false,
        includeMetricsForEmptyDatabases: true,
        nowSeconds: START_MS / 1000,
      }
    )
    const samples = (name: string) =>
      Object.fromEntries(
        (families.find((f) => f.name === name)?.samples ?? []).map((s) => [
          s.labels['collector'],
          s.value,
        ])
      )
    expect(samples('redis_exporter_collector_success')['config']).toBe(0)
    expect(samples('redis_exporter_collector_available')).toMatchObject({
      config: 0,
      slowlog: 1,
      info_commandstats: 1,
    })
  })

  it('treats an empty CLUSTER INFO as unavailable and keeps INFO fields', async () => {
    const { redis, scrape } = setup()
    redis.info = INFO_7.replace('cluster_enabled:0', 'cluster_enabled:1')
    redis.errors.clear()
    const answer = redis as unknown as { answer: (c: readonly string[]) => unknown }
    const original = answer.answer.bind(redis)
    answer.answer = (c) => (c.join(' ') === 'CLUSTER INFO' ? { ok: true, value: '' } : original(c))
    const snap = await scrape()
    expect(snap.up).toBe(true)
    expect(snap.available?.get('cluster_info')).toBe(false)
    expect(snap.info['cluster_state']).toBeUndefined()
  })

  it('probes again after the TTL, and logs a collector only once for the life of the target', async () => {
    const { redis, clock, logs, scrape } = setup({ capabilityTtlSeconds: 60 })
    redis.errors.set('LATENCY', "ERR unknown command 'LATENCY'")
    await scrape()
    clock.ms += 59_999
    await scrape()
    expect(redis.rounds.at(-1)).not.toContain('LATENCY LATEST')
    clock.ms += 1
    await scrape()
    expect(redis.rounds.at(-1)).toContain('LATENCY LATEST')
    expect(unavailableLogs(logs)).toEqual(['latency_latest', 'latency_histogram'])
  })

  it('does not cache transient failures and logs each distinct one once', async () => {
    const { redis, logs, scrape } = setup()
    redis.errors.set('SLOWLOG LEN', 'LOADING Redis is loading the dataset in memory')
    const first = await scrape()
    const second = await scrape()
    expect(redis.rounds.at(-1)).toEqual(WARM_ROUND)
    // SLOWLOG GET answered: the collector exists here and is broken for now (success 0, available 1).
    expect(available(second)['slowlog']).toBe(true)
    expect(second.replies.get('slowlog_len')?.[0]?.ok).toBe(false)
    expect(first.unavailable).toEqual([])
    expect(
      logs.filter((l) => l['msg'] === 'optional command failed; tried again next scrape')
    ).toHaveLength(1)
  })

  it('re-probes when the version changes, even with the same run_id', async () => {
    const { redis, state, scrape } = setup()
    redis.errors.set('LATENCY HISTOGRAM', "ERR unknown subcommand 'HISTOGRAM'")
    await scrape()
    expect(state.unavailable.has('latency_histogram')).toBe(true)
    redis.errors.clear()
    redis.info = INFO_7.replace('redis_version:7.0.15', 'redis_version:7.2.4')
    const snap = await scrape()
    expect(snap.replies.get('latency_histogram')?.[0]?.ok).toBe(true)
    expect(state.facts?.version).toBe('7.2.4')
  })

  it('does not re-probe an endpoint that flips between servers it has seen (DNS balancing), and says so once', async () => {
    const { redis, state, logs, scrape } = setup({ configCommand: undefined })
    redis.errors.set('LATENCY', "ERR unknown command 'LATENCY'")
    const other = withRunId(INFO_7, 'b'.repeat(40))
    await scrape()
    redis.info = other
    await scrape() // a new server: probed from scratch
    const roundsBefore = redis.rounds.length
    for (const info of [INFO_7, other, INFO_7, other]) {
      redis.info = info
      await scrape()
    }
    expect(redis.rounds.length - roundsBefore).toBe(4)
    expect(redis.rounds.slice(roundsBefore).flat()).not.toContain('LATENCY LATEST')
    expect(state.facts?.runId).toBe('b'.repeat(40))
    expect(logs.filter((l) => String(l['msg']).includes('load-balanced endpoint'))).toHaveLength(1)
    expect(RUN_ID).not.toBe('b'.repeat(40))
  })

  it('sends CLIENT SETNAME once per new connection, in the first round trip, and not where CLIENT is blocked', async () => {
    const { redis, scrape } = setup({ setClientName: true })
    await scrape()
    await scrape()
    redis.connection = 2
    await scrape()
    expect(redis.rounds.map((r) => r.includes('CLIENT SETNAME redis_exporter'))).toEqual([
      true,
      false,
      false,
      true,
    ])
    const blocked = setup({ setClientName: true })
    blocked.redis.errors.set('CLIENT', "ERR unknown command 'CLIENT'")
    await blocked.scrape()
    blocked.redis.connection = 2
    const snap = await blocked.scrape()
    expect(blocked.redis.rounds.at(-1)).not.toContain('CLIENT SETNAME redis_exporter')
    expect(available(snap)['client']).toBe(false)
  })

  it('never sends CLIENT SETNAME over a transport without connections (REST)', async () => {
    const redis = new FakeRedis()
    const stateless = Object.assign(Object.create(redis) as FakeRedis, { connectionId: undefined })
    const { scrape } = setup({ setClientName: true }, stateless)
    await scrape()
    expect(redis.rounds.flat()).not.toContain('CLIENT SETNAME redis_exporter')
  })

  it('falls back to plain INFO when INFO ALL is refused, and sends plain INFO first from then on', async () => {
    const { redis, logs, scrape } = setup()
    redis.errors.set('INFO ALL', "ERR unknown subcommand 'ALL'")
    await scrape()
    const snap = await scrape()
    expect(snap.up).toBe(true)
    expect(snap.roundTrips).toBe(1)
    expect(redis.rounds.at(-1)?.[0]).toBe('INFO')
    expect(
      logs.filter(
        (l) =>
          l['msg'] ===
          'INFO ALL refused; plain INFO is sent instead (no commandstats, latencystats)'
      )
    ).toHaveLength(1)
  })

  it('sends renamed commands under their names and never sends a command renamed away', async () => {
    const redis = new FakeRedis()
    redis.renamed.set('slw', 'SLOWLOG')
    const { scrape } = setup({ renamedCommands: { SLOWLOG: 'slw', LATENCY: null } }, redis)
    await scrape()
    const snap = await scrape()
    expect(redis.rounds.at(-1)).toEqual(['INFO ALL', 'slw LEN', 'slw GET 1'])
    expect(snap.replies.get('slowlog_len')).toEqual([{ ok: true, value: 3 }])
    expect(available(snap)).toEqual({ config: true, slowlog: true })
  })

  it('never sends a collector the user turned off, and reports nothing for it', async () => {
    const { redis, scrape } = setup({
      disabledCollectors: ['slowlog', 'config', 'client'],
      setClientName: true,
    })
    await scrape()
    const snap = await scrape()
    expect(redis.rounds.flat().filter((c) => /^(SLOWLOG|CONFIG|CLIENT)/.test(c))).toEqual([])
    expect(available(snap)).toEqual({ latency_latest: true, latency_histogram: true })
  })

  it.each<[string, unknown, Snapshot['failure']]>([
    [
      'an auth error',
      new TransportError('WRONGPASS invalid username-password pair or user is disabled.'),
      'auth',
    ],
    ['a reset', new TransportError('connection reset by the server: read ECONNRESET'), 'transient'],
    [
      'a protocol error',
      new TransportError('not a Redis reply: Unknown RESP type 72 "H"'),
      'error',
    ],
  ])('classifies a failed scrape: %s', async (_w, err, failure) => {
    const { redis, scrape } = setup()
    redis.failWith = err
    const snap = await scrape()
    expect(snap.up).toBe(false)
    expect(snap.failure).toBe(failure)
  })

  it('classifies NOAUTH on INFO as an auth failure', async () => {
    const { redis, scrape } = setup()
    redis.errors.set('INFO', 'NOAUTH Authentication required.')
    const snap = await scrape()
    expect(snap.failure).toBe('auth')
  })

  it('logs the INFO sections a target lacks once (an Upstash-like INFO)', async () => {
    const { redis, logs, scrape } = setup()
    redis.info =
      '# Server\r\nredis_version:6.2.6\r\nrun_id:' + 'c'.repeat(40) + '\r\n# Keyspace\r\n'
    await scrape()
    await scrape()
    expect(logs.filter((l) => String(l['msg']).startsWith('INFO lacks sections'))).toEqual([
      expect.objectContaining({
        sections: ['clients', 'memory', 'stats', 'replication', 'commandstats'],
      }),
    ])
  })
})
