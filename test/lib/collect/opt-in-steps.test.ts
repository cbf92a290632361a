import { describe, expect, it } from 'vitest'
import { collect } from '../../../lib/collect/collect'
import type { CollectOptions } from '../../../lib/collect/collect'
import { OPT_IN_STEPS, sentinelMasterNames } from '../../../lib/collect/opt-in-steps'
import { newTargetState } from '../../../lib/collect/target-state'
import type { CollectorSettings } from '../../../lib/settings/collector-settings'
import { NO_OPT_INS } from '../../../lib/settings/collector-settings'
import { FakeRedis } from '../../helpers/fake-redis'
import { readFileSync } from 'node:fs'

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/parse/${name}`, import.meta.url), 'utf8')
const SENTINEL_INFO = fixture('info-sentinel-redis-7.0.txt')
const MASTERS = JSON.parse(fixture('sentinel-masters-redis-7.0-resp2.json'))

function setup(optIns: Partial<CollectorSettings>, redis = new FakeRedis()) {
  const state = newTargetState()
  const clock = { ms: 1_000_000 }
  const opts: CollectOptions = {
    signal: new AbortController().signal,
    now: () => clock.ms,
    excludeLatency: true,
    configCommand: 'CONFIG',
    configRefreshSeconds: 300,
    optIns: { ...NO_OPT_INS, ...optIns },
  }
  return { redis, state, clock, scrape: () => collect(redis, state, opts) }
}

describe('opt-in steps as collect sends them', () => {
  it('sends none of them by default', async () => {
    const { redis, scrape } = setup({})
    await scrape()
    const sent = redis.rounds.flat()
    for (const cmd of ['CLIENT LIST', 'INFO MODULES', 'SERVER EXT', 'FT._LIST', 'PING']) {
      expect(sent).not.toContain(cmd)
    }
    expect(sent.some((c) => c.startsWith('SENTINEL'))).toBe(false)
  })

  it('sends CLIENT LIST, INFO MODULES and SERVER EXT with INFO, in the first round trip', async () => {
    const { redis, scrape } = setup({
      exportClientList: true,
      includeModulesMetrics: true,
      isTile38: true,
    })
    await scrape()
    expect(redis.rounds[0]).toEqual(
      [
        'INFO ALL',
        'CLIENT LIST',
        'INFO MODULES',
        'SERVER EXT',
        'SLOWLOG LEN',
        'SLOWLOG GET 1',
      ].sort((a, b) => order(a) - order(b))
    )
  })

  it('asks CONFIG GET * with the config metrics, then reuses it until the refresh interval', async () => {
    const { redis, clock, scrape } = setup({ includeConfigMetrics: true })
    redis.config = { ...redis.config, appendonly: 'no' }
    const first = await scrape()
    expect(redis.rounds.flat()).toContain('CONFIG GET *')
    expect(first.config?.['appendonly']).toBe('no')
    redis.rounds.length = 0
    clock.ms += 299_000
    const second = await scrape()
    expect(redis.rounds.flat().some((c) => c.startsWith('CONFIG'))).toBe(false)
    expect(second.config?.['appendonly']).toBe('no')
    clock.ms += 2_000
    await scrape()
    expect(redis.rounds.flat()).toContain('CONFIG GET *')
  })

  it('on a Sentinel: SENTINEL MASTERS once INFO says so, then the per-master commands', async () => {
    const redis = new FakeRedis()
    redis.info = SENTINEL_INFO
    redis.answers.set('SENTINEL MASTERS', MASTERS)
    redis.answers.set('SENTINEL CKQUORUM mymaster', 'OK 2 usable Sentinels.')
    redis.answers.set('SENTINEL SENTINELS mymaster', [])
    redis.answers.set('SENTINEL SLAVES mymaster', [])
    const { scrape } = setup({}, redis)
    const snap = await scrape()
    const sentinel = redis.rounds.map((r) => r.filter((c) => c.startsWith('SENTINEL')))
    expect(sentinel).toEqual([
      [],
      ['SENTINEL MASTERS'],
      ['SENTINEL CKQUORUM mymaster', 'SENTINEL SENTINELS mymaster', 'SENTINEL SLAVES mymaster'],
    ])
    expect(snap.replies.get('sentinel_ckquorum')).toEqual([
      { ok: true, value: 'OK 2 usable Sentinels.' },
    ])
    // Known to be a Sentinel: MASTERS goes with INFO, the per-master commands follow.
    redis.rounds.length = 0
    await scrape()
    expect(redis.rounds[0]).toContain('SENTINEL MASTERS')
    expect(redis.rounds).toHaveLength(2)
  })

  it('sends no per-master command when SENTINEL MASTERS failed', async () => {
    const redis = new FakeRedis()
    redis.info = SENTINEL_INFO
    redis.errors.set('SENTINEL MASTERS', 'ERR boom')
    const { scrape } = setup({}, redis)
    await scrape()
    expect(redis.rounds.flat().filter((c) => c.startsWith('SENTINEL'))).toEqual([
      'SENTINEL MASTERS',
    ])
  })

  it('sends FT.INFO for the indexes FT._LIST lists that the expression selects', async () => {
    const redis = new FakeRedis()
    redis.answers.set('FT._LIST', ['idx_users', 'other', 'idx_docs'])
    redis.answers.set('FT.INFO idx_users', ['index_name', 'idx_users'])
    redis.answers.set('FT.INFO idx_docs', ['index_name', 'idx_docs'])
    const { scrape } = setup({ includeSearchIndexesMetrics: true, searchIndexes: /^idx_/ }, redis)
    const snap = await scrape()
    const search = redis.rounds.map((r) => r.filter((c) => c.startsWith('FT.')))
    expect(search).toEqual([['FT._LIST'], ['FT.INFO idx_users', 'FT.INFO idx_docs']])
    expect(snap.replies.get('search_info')).toHaveLength(2)
  })

  it('times a PING in a round trip of its own before the scrape', async () => {
    const { redis, clock, scrape } = setup({ pingOnConnect: true })
    redis.answers.set('PING', 'PONG')
    let first = true
    redis.afterSend = () => {
      if (first) clock.ms += 12
      first = false
    }
    const snap = await scrape()
    expect(redis.rounds[0]).toEqual(['PING'])
    expect(snap.pingSeconds).toBeCloseTo(0.012, 6)
  })
})

describe('OPT_IN_STEPS', () => {
  it('builds the per-master commands from the SENTINEL MASTERS reply of this scrape', () => {
    const ctx = {
      opts: { excludeLatency: false },
      facts: undefined,
      infoAll: true,
      replies: new Map([['sentinel_masters' as const, [{ ok: true as const, value: MASTERS }]]]),
    }
    expect(sentinelMasterNames(ctx)).toEqual(['mymaster'])
    const peers = OPT_IN_STEPS.find((s) => s.key === 'sentinel_peers')!
    expect(peers.commands(ctx)).toEqual([
      ['SENTINEL', 'SENTINELS', 'mymaster'],
      ['SENTINEL', 'SLAVES', 'mymaster'],
    ])
    expect(sentinelMasterNames({ ...ctx, replies: new Map() })).toEqual([])
  })
})

/** PLAN order of the first round trip's commands. */
function order(cmd: string): number {
  return [
    'INFO ALL',
    'SLOWLOG LEN',
    'SLOWLOG GET 1',
    'CLIENT LIST',
    'INFO MODULES',
    'SERVER EXT',
  ].indexOf(cmd)
}
