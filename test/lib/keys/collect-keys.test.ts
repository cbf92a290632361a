import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectKeys } from '../../../lib/keys/collect-keys'
import type { KeyReport } from '../../../lib/keys/key-report'
import { newKeyState } from '../../../lib/keys/key-state'
import { parseInfo } from '../../../lib/parse/info'
import { UpstashRestTransport } from '../../../lib/transport/upstash-rest'
import { keyChecks, realTransport } from '../../helpers/key-context'
import { seedKeysDataset } from '../../helpers/keys-dataset'
import { RecordingTransport } from '../../helpers/recording-transport'
import type { RedisServer } from '../../helpers/redis-server'
import { seedStandardDataset, startRedis } from '../../helpers/redis-server'
import type { UpstashServer } from '../../helpers/upstash-server'
import { startUpstashServer } from '../../helpers/upstash-server'

const SINGLES = {
  REDIS_EXPORTER_CHECK_SINGLE_KEYS:
    'db0=user:1,db0=counter,db0=pi,db0=myhll,db0=mylist,db0=myset,db0=myzset,db0=myhash,db0=mystream,db0=missing,db2=celery',
  REDIS_EXPORTER_CHECK_SINGLE_STREAMS: 'db2=events,db0=nostream',
}

async function run(
  server: RedisServer,
  env: Record<string, string>,
  state = newKeyState(),
  protocol: '2' | '3' = '2'
) {
  const real = realTransport(server.url, { REDIS_EXPORTER_PROTOCOL: protocol })
  const transport = new RecordingTransport(real)
  try {
    const info = parseInfo(String(await server.command('INFO', 'ALL')))
    const report = await collectKeys({
      transport,
      signal: new AbortController().signal,
      now: Date.now,
      checks: keyChecks(env),
      state,
      connectionDb: 0,
      blockedForMs: 600_000,
      info,
    })
    return { report, transport }
  } finally {
    real.close()
  }
}

const sizes = (r: KeyReport) => Object.fromEntries(r.keys.map((k) => [`${k.db}:${k.key}`, k.size]))

describe('collectKeys on a real Redis', () => {
  let server: RedisServer
  let blocked: RedisServer
  beforeAll(async () => {
    ;[server, blocked] = await Promise.all([
      startRedis(),
      startRedis({ renameCommands: ['EVAL', 'XINFO', 'MEMORY'] }),
    ])
    await Promise.all([seedStandardDataset(server), seedKeysDataset(server)])
    await seedKeysDataset(blocked)
  })
  afterAll(async () => {
    await Promise.all([server?.stop(), blocked?.stop()])
  })

  it('sizes every type in two round trips, skipping missing keys', async () => {
    const { report, transport } = await run(server, SINGLES)
    expect(sizes(report)).toEqual({
      '0:user:1': 5,
      '0:counter': 2,
      '0:pi': 4,
      '0:myhll': 4,
      '0:mylist': 3,
      '0:myset': 3,
      '0:myzset': 2,
      '0:myhash': 2,
      '0:mystream': 3,
      '2:celery': 7,
    })
    const byKey = new Map(report.keys.map((k) => [k.key, k]))
    expect(byKey.get('counter')).toMatchObject({ value: 44 })
    expect(byKey.get('pi')).toMatchObject({ value: 3.14 })
    expect(byKey.get('user:1')).toMatchObject({ valueText: 'alice' })
    expect(byKey.get('myhll')).not.toHaveProperty('value')
    expect(byKey.get('myhll')).not.toHaveProperty('valueText')
    for (const k of report.keys) expect(k.memory).toBeGreaterThan(0)
    expect(report.streams.map((s) => s.stream)).toEqual(['events'])
    const g1 = report.streams[0]!.groups.find((g) => g.name === 'g1')!
    expect(g1).toMatchObject({ consumers: 2, pending: 3, lag: 1, entriesRead: 3 })
    expect(g1.members?.map((c) => [c.name, c.pending])).toEqual([
      ['c1', 2],
      ['c2', 1],
    ])
    expect(transport.sent).toHaveLength(2)
    expect(report.roundTrips).toBe(2)
    expect(report.commands).toBe(transport.sent.flat().length)
    expect(report.budgetExhausted).toBe(false)
  })

  it('reads the same over RESP3', async () => {
    const probe = realTransport(server.url, { REDIS_EXPORTER_PROTOCOL: '3' })
    try {
      const [info] = await probe.send([['CLIENT', 'INFO']], {
        signal: new AbortController().signal,
      })
      expect(info).toMatchObject({ ok: true, value: expect.stringMatching(/ resp=3\s*$/) })
    } finally {
      probe.close()
    }
    const resp2 = await run(server, SINGLES)
    const resp3 = await run(server, SINGLES, newKeyState(), '3')
    expect(sizes(resp3.report)).toEqual(sizes(resp2.report))
    expect(resp3.report.keys.map((k) => k.value ?? k.valueText)).toEqual(
      resp2.report.keys.map((k) => k.value ?? k.valueText)
    )
    const groups = (r: KeyReport) =>
      r.streams[0]?.groups.map((g) => [g.name, g.pending, g.lag, g.members?.length])
    expect(groups(resp3.report)).toEqual(groups(resp2.report))
    expect(resp3.report.streams[0]?.info).toEqual(resp2.report.streams[0]?.info)
  })

  it('expands globs, counts keys and groups keys in one scrape on a small keyspace', async () => {
    const { report } = await run(server, {
      REDIS_EXPORTER_CHECK_KEYS: 'db0=queue:*,db2=*jobs',
      REDIS_EXPORTER_COUNT_KEYS: 'db0=app:*,db2=*',
      REDIS_EXPORTER_CHECK_STREAMS: 'db2=ev*',
      REDIS_EXPORTER_CHECK_KEY_GROUPS: '^(app):(%a+),^(my)',
      REDIS_EXPORTER_SCRIPT_TEXT: "return {'one', '1', 'two', '2'}",
    })
    expect(sizes(report)).toEqual({ '0:queue:emails': 4, '2:queue:jobs': 2 })
    expect(report.counts).toEqual([
      { db: 0, pattern: 'app:*', count: 3 },
      { db: 2, pattern: '*', count: 3 },
    ])
    expect(report.streams.map((s) => `${s.db}:${s.stream}`)).toEqual(['2:events'])
    const db0 = report.groups?.find((g) => g.db === 0)
    expect(Object.fromEntries(db0!.groups.map((g) => [g.name, g.count]))).toEqual({
      appcache: 2,
      appsession: 1,
      my: 6,
      unclassified: 5,
    })
    expect(report.scripts).toEqual([
      {
        filename: 'script',
        values: [
          ['one', 1],
          ['two', 2],
        ],
        result: 1,
      },
    ])
    expect(report.walks.every((w) => w.completed === 1)).toBe(true)
    expect(report.available).toEqual(
      new Map([
        ['check_keys', true],
        ['key_memory_usage', true],
        ['count_keys', true],
        ['check_streams', true],
        ['key_groups', true],
        ['scripts', true],
      ])
    )
  })

  it('drops only the families of blocked commands, and does not resend them', async () => {
    const env = {
      REDIS_EXPORTER_CHECK_SINGLE_KEYS: 'db2=celery',
      REDIS_EXPORTER_CHECK_SINGLE_STREAMS: 'db2=events',
      REDIS_EXPORTER_CHECK_KEY_GROUPS: '^(app)',
      REDIS_EXPORTER_SCRIPT_TEXT: "return {'a', '1'}",
    }
    const state = newKeyState()
    const first = await run(blocked, env, state)
    expect(sizes(first.report)).toEqual({ '2:celery': 7 })
    expect(first.report.keys[0]).not.toHaveProperty('memory')
    expect(first.report.streams).toEqual([])
    expect(first.report.scripts).toEqual([])
    expect(first.report.available.get('check_keys')).toBe(true)
    for (const check of ['key_memory_usage', 'check_streams', 'key_groups', 'scripts']) {
      expect(first.report.available.get(check), check).toBe(false)
    }
    const second = await run(blocked, env, state)
    expect(sizes(second.report)).toEqual({ '2:celery': 7 })
    const names = second.transport.names()
    for (const name of ['EVAL', 'XINFO', 'MEMORY']) expect(names).not.toContain(name)
  })

  it('skips the key checks on a master with SKIP_CHECKKEYS_FOR_ROLE_MASTER, not the scripts', async () => {
    const { report, transport } = await run(server, {
      ...SINGLES,
      REDIS_EXPORTER_SKIP_CHECKKEYS_FOR_ROLE_MASTER: 'true',
      REDIS_EXPORTER_SCRIPT_TEXT: "return {'a', '1'}",
    })
    expect(report.keys).toEqual([])
    expect(report.scripts).toHaveLength(1)
    expect(transport.names()).toEqual(['EVAL'])
  })

  it('leaves out values and consumers when told to', async () => {
    const { report, transport } = await run(server, {
      ...SINGLES,
      REDIS_EXPORTER_DISABLE_EXPORTING_KEY_VALUES: 'true',
      REDIS_EXPORTER_STREAMS_EXCLUDE_CONSUMER_METRICS: 'true',
    })
    expect(report.keys.some((k) => k.value !== undefined || k.valueText !== undefined)).toBe(false)
    expect(report.streams[0]?.groups.some((g) => g.members !== undefined)).toBe(false)
    const sent = transport.sent.flat().map((c) => c.slice(0, 2).join(' ').toUpperCase())
    expect(sent).not.toContain('XINFO CONSUMERS')
    expect(sent.some((c) => c.startsWith('GET '))).toBe(false)
  })

  it('stays within a small budget, looking up what fits', async () => {
    const { report, transport } = await run(server, {
      ...SINGLES,
      REDIS_EXPORTER_KEY_CHECK_BUDGET: '12',
    })
    expect(transport.sent.flat().length).toBeLessThanOrEqual(12)
    expect(report.commands).toBeLessThanOrEqual(12)
    expect(report.budgetExhausted).toBe(true)
    expect(report.keys.length).toBeGreaterThan(0)
    expect(report.keys.length).toBeLessThan(10)
  })
})

describe('collectKeys over the Upstash REST API', () => {
  let redis: RedisServer
  let upstash: UpstashServer
  beforeAll(async () => {
    redis = await startRedis()
    await seedKeysDataset(redis)
    upstash = await startUpstashServer({ redis: { port: redis.port }, token: 'tok' })
  })
  afterAll(async () => {
    await upstash?.stop()
    await redis?.stop()
  })

  it('checks db0 keys and streams, bills only what it sends, and leaves SELECT and MEMORY out', async () => {
    const transport = new UpstashRestTransport({ url: upstash.url, token: 'tok' })
    const state = newKeyState()
    const checks = keyChecks({
      REDIS_EXPORTER_CHECK_SINGLE_KEYS: 'db0=queue:emails,db0=app:cache:2,db2=celery',
      REDIS_EXPORTER_COUNT_KEYS: 'db0=app:*',
      REDIS_EXPORTER_SCRIPT_TEXT: "return {'n', '1'}",
      // The default 250 ms would cut this run short on a loaded machine; the budget is tested above.
      REDIS_EXPORTER_KEY_CHECK_BUDGET_TIME: '30s',
    })
    const info = parseInfo(String(await redis.command('INFO', 'ALL')))
    const run = () =>
      collectKeys({
        transport,
        signal: new AbortController().signal,
        now: Date.now,
        checks,
        state,
        connectionDb: 0,
        blockedForMs: 600_000,
        info,
      })
    const first = await run()
    expect(sizes(first)).toEqual({ '0:queue:emails': 4, '0:app:cache:2': 7 })
    expect(first.counts).toEqual([{ db: 0, pattern: 'app:*', count: 3 }])
    expect(first.scripts[0]?.result).toBe(1)
    expect(first.available.get('key_memory_usage')).toBe(false)
    const before = upstash.stats().commands
    const second = await run()
    expect(sizes(second)).toEqual(sizes(first))
    // nothing refused is sent again: SCAN, TYPE ×2, EVAL, then LLEN, PFCOUNT, STRLEN, GET
    expect(upstash.stats().commands - before).toBe(8)
    expect(second.commands).toBeLessThanOrEqual(checks.budgetCommands)
  })
})
