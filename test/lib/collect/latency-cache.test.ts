import { readFileSync, readdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collect } from '../../../lib/collect/collect'
import { CONFIG_PARAMETERS } from '../../../lib/collect/plan'
import type { CollectOptions, Snapshot } from '../../../lib/collect/collect'
import { MAX_CACHED_HISTOGRAM } from '../../../lib/collect/latency-cache'
import { newTargetState } from '../../../lib/collect/target-state'
import { buildFamilies } from '../../../lib/metrics/build'
import { infoSections } from '../../../lib/parse/info'
import { renderPrometheus } from '../../../lib/render/prometheus'
import { FakeRedis, INFO_6, withRunId } from '../../helpers/fake-redis'
import type { RedisServer } from '../../helpers/redis-server'
import { startRedis } from '../../helpers/redis-server'

const CONFIG_GET_7 = `CONFIG GET ${CONFIG_PARAMETERS.join(' ')}`
const START_MS = 1_795_319_047_000
const FULL = ['INFO ALL', 'LATENCY LATEST', 'LATENCY HISTOGRAM', 'SLOWLOG LEN', 'SLOWLOG GET 1']
const LEAN = ['INFO default commandstats', 'LATENCY LATEST', 'SLOWLOG LEN', 'SLOWLOG GET 1']
/** INFO ALL without LATENCY HISTOGRAM: the server does not take the shorter INFO. */
const FULL_INFO_ONLY = ['INFO ALL', 'LATENCY LATEST', 'SLOWLOG LEN', 'SLOWLOG GET 1']

/** A target already scraped once (its first scrape learns the server in two round trips). */
async function warmTarget(opts: Partial<CollectOptions>, redis = new FakeRedis()) {
  const state = newTargetState()
  const clock = { ms: START_MS }
  const scrape = (): Promise<Snapshot> =>
    collect(redis, state, {
      signal: new AbortController().signal,
      now: () => clock.ms,
      excludeLatency: false,
      configCommand: 'CONFIG',
      configRefreshSeconds: 300,
      ...opts,
    })
  const first = await scrape()
  redis.rounds.length = 0
  return { redis, state, clock, scrape, first }
}

/** The page of a snapshot with fixed self-metrics: two scrapes of unchanged data give the same text. */
function page(snapshot: Snapshot): string {
  const self = { durationSeconds: 0.001, scrapesTotal: 1, scrapeDurationSum: 0.001 }
  const opts = {
    namespace: 'redis',
    includeSystemMetrics: false,
    includeMetricsForEmptyDatabases: true,
    nowSeconds: START_MS / 1000,
  }
  return renderPrometheus(buildFamilies(snapshot, self, opts))
}

describe('latency statistics reused within REDIS_EXPORTER_LATENCY_REFRESH_INTERVAL', () => {
  it('sends the shorter INFO and no LATENCY HISTOGRAM inside the interval; the page is the same', async () => {
    const { redis, clock, scrape, first } = await warmTarget({ latencyRefreshSeconds: 30 })
    clock.ms += 1_000
    const second = await scrape()
    expect(redis.rounds).toEqual([LEAN])
    expect(page(second)).toBe(page(first))
    expect(page(second)).toContain('redis_latency_percentiles_usec{cmd="config|get",quantile="50"}')
    expect(page(second)).toContain('redis_commands_latencies_usec_bucket{cmd="time",le="1"} 9448')
    expect(second.available?.get('info_latencystats')).toBe(
      first.available?.get('info_latencystats')
    )
  })

  it.each([
    ['at the interval', 30, 30_000, [FULL]],
    ['1 ms before it', 30, 29_999, [LEAN]],
    ['with the setting 0 (every scrape asks, as redis_exporter)', 0, 1, [FULL]],
    ['with the setting absent', undefined, 1, [FULL]],
  ])('%s', async (_what, seconds, afterMs, rounds) => {
    const opts = seconds === undefined ? {} : { latencyRefreshSeconds: seconds }
    const { redis, clock, scrape } = await warmTarget(opts)
    clock.ms += afterMs
    await scrape()
    expect(redis.rounds).toEqual(rounds)
  })

  it('asks again after a full interval, then reuses the new values', async () => {
    const { redis, clock, scrape } = await warmTarget({ latencyRefreshSeconds: 30 })
    for (const step of [10_000, 10_000, 10_000, 10_000]) {
      clock.ms += step
      await scrape()
    }
    expect(redis.rounds).toEqual([LEAN, LEAN, FULL, LEAN])
  })

  it('asks a restarted server (another run_id) for its own histogram in the same scrape', async () => {
    const { redis, clock, scrape } = await warmTarget({ latencyRefreshSeconds: 30 })
    redis.info = withRunId(redis.info, 'f'.repeat(40))
    clock.ms += 1_000
    const snap = await scrape()
    // (A new server is learned afresh: its CONFIG too.)
    expect(redis.rounds).toEqual([LEAN, [CONFIG_GET_7, 'LATENCY HISTOGRAM']])
    expect(snap.replies.get('latency_histogram')?.[0]?.ok).toBe(true)
    // Its percentiles were not in the shorter INFO: none from the other server are shown.
    expect(Object.keys(snap.info).some((k) => k.startsWith('latency_percentiles'))).toBe(false)
    clock.ms += 1_000
    redis.rounds.length = 0
    await scrape()
    expect(redis.rounds).toEqual([FULL])
  })

  it('keeps sending INFO ALL to a server whose shorter INFO lacks a section (reusing only the histogram)', async () => {
    const redis = new FakeRedis()
    const { clock, scrape, first } = await warmTarget({ latencyRefreshSeconds: 30 }, redis)
    const noKeyspace = redis.info.replace(/# Keyspace[\s\S]*$/, '')
    redis.replies.set('INFO DEFAULT', { ok: true, value: noKeyspace.split('# Latencystats')[0] })
    const rounds: string[][] = []
    for (let i = 0; i < 3; i++) {
      clock.ms += 1_000
      redis.rounds.length = 0
      const snap = await scrape()
      rounds.push(...redis.rounds)
      if (i > 0) expect(page(snap)).toBe(page(first))
    }
    expect(rounds).toEqual([LEAN, FULL_INFO_ONLY, FULL_INFO_ONLY])
  })

  it('goes back to INFO ALL on a server that refuses the shorter INFO, without giving up INFO ALL', async () => {
    const redis = new FakeRedis()
    redis.errors.set('INFO DEFAULT', 'ERR syntax error')
    const { clock, scrape, state } = await warmTarget({ latencyRefreshSeconds: 30 }, redis)
    const rounds: string[][] = []
    for (let i = 0; i < 2; i++) {
      clock.ms += 1_000
      redis.rounds.length = 0
      const snap = await scrape()
      expect(snap.up).toBe(true)
      rounds.push(...redis.rounds)
    }
    // The refused shorter INFO is answered by plain INFO in one more round trip, as upstream.
    expect(rounds).toEqual([LEAN, ['INFO'], FULL_INFO_ONLY])
    expect(state.infoAllRefusedUntil).toBeUndefined()
  })

  it.each([
    ['too many commands', Array.from({ length: 40_000 }, (_, i) => [`c${i}`, ['calls', 1]]).flat()],
    ['too long names', ['x'.repeat(MAX_CACHED_HISTOGRAM.chars + 1), ['calls', 1]]],
    ['a deeper nesting than Redis sends', ['get', [[[[['calls']]]]]]],
  ])(
    'does not keep a LATENCY HISTOGRAM with %s: it is asked every scrape',
    async (_what, value) => {
      const redis = new FakeRedis({ 'LATENCY HISTOGRAM': { ok: true, value } })
      const { clock, scrape, state } = await warmTarget({ latencyRefreshSeconds: 30 }, redis)
      clock.ms += 1_000
      await scrape()
      expect(redis.rounds).toEqual([[...LEAN.slice(0, 2), 'LATENCY HISTOGRAM', ...LEAN.slice(2)]])
      expect(state.latency?.histogram).toBeUndefined()
    }
  )

  it('does not keep a failed LATENCY HISTOGRAM: it is asked every scrape', async () => {
    const redis = new FakeRedis()
    redis.errors.set('LATENCY HISTOGRAM', 'ERR busy')
    const { clock, scrape } = await warmTarget({ latencyRefreshSeconds: 30 }, redis)
    clock.ms += 1_000
    await scrape()
    expect(redis.rounds).toEqual([[...LEAN.slice(0, 2), 'LATENCY HISTOGRAM', ...LEAN.slice(2)]])
  })

  it('never applies before Redis 7 (no latencystats, no LATENCY HISTOGRAM)', async () => {
    const redis = new FakeRedis()
    redis.info = INFO_6
    const { clock, scrape, state } = await warmTarget({ latencyRefreshSeconds: 30 }, redis)
    clock.ms += 1_000
    await scrape()
    expect(redis.rounds).toEqual([FULL_INFO_ONLY])
    expect(state.latency).toBeUndefined()
  })
})

describe('the page of a scrape that reuses the latency statistics, over every INFO capture', () => {
  const CAPTURES = new URL('../../fixtures/info-captures/', import.meta.url)
  const captures = readdirSync(CAPTURES).filter((f) => f.endsWith('.txt') && !f.includes('-doc'))
  const lean: string[] = []

  it.each(captures)('%s: the second scrape gives the page of the first', async (file) => {
    const redis = new FakeRedis()
    redis.info = readFileSync(new URL(file, CAPTURES), 'utf8')
    const { clock, scrape, first } = await warmTarget({ latencyRefreshSeconds: 30 }, redis)
    clock.ms += 1_000
    const second = await scrape()
    if (redis.rounds[0]?.[0] === 'INFO default commandstats') lean.push(file)
    expect(page(second)).toBe(page(first))
  })

  it('sent the shorter INFO to every capture of a Redis >= 7 with a latencystats section', () => {
    expect(lean.sort()).toEqual([
      'dragonfly-2.0.0-standalone-info-all.txt',
      'redis-7.4.0-master-replicated.txt',
      'redis-stack-7.4.7-modules-crashreport-info.txt',
      'valkey-9.1.2-standalone-info-all.txt',
    ])
  })
})

describe('INFO default commandstats on a real Redis', () => {
  let server: RedisServer
  beforeAll(async () => {
    server = await startRedis()
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('brings every section INFO ALL does but latencystats', async () => {
    const all = infoSections(String(await server.command('INFO', 'ALL')))
    const lean = infoSections(String(await server.command('INFO', 'default', 'commandstats')))
    expect(all).toContain('latencystats')
    expect(lean).toEqual(all.filter((s) => s !== 'latencystats'))
  })
})
