import { describe, expect, it } from 'vitest'
import type { LogFn } from '../../../lib/collect/outcomes'
import {
  INFO_SECTIONS,
  availability,
  learnServer,
  logOnce,
  recordOutcomes,
  unavailableSteps,
} from '../../../lib/collect/outcomes'
import type { ServerFacts, StepKey } from '../../../lib/collect/plan'
import { newTargetState } from '../../../lib/collect/target-state'
import type { Reply } from '../../../lib/types'

const NOW = 1_000_000
const TTL = 60_000
const FACTS: ServerFacts = {
  runId: 'a',
  version: '7.0.15',
  major: 7,
  minor: 0,
  clusterEnabled: false,
  sentinel: false,
}

function logger(): { log: LogFn; lines: Readonly<Record<string, unknown>>[] } {
  const lines: Readonly<Record<string, unknown>>[] = []
  return { log: (e) => lines.push(e), lines }
}

describe('logOnce', () => {
  it('writes each key once per target', () => {
    const { log, lines } = logger()
    const state = newTargetState()
    logOnce(state, log, 'k', { msg: 'one' })
    logOnce(state, log, 'k', { msg: 'two' })
    logOnce(state, log, 'other', { msg: 'three' })
    logOnce(newTargetState(), log, 'k', { msg: 'four' })
    expect(lines.map((l) => l['msg'])).toEqual(['one', 'three', 'four'])
  })

  it('keeps at most 200 keys per target', () => {
    const { log, lines } = logger()
    const state = newTargetState()
    for (let i = 0; i < 300; i++) logOnce(state, log, `k${i}`, { i })
    expect(lines).toHaveLength(200)
    expect(state.logged.size).toBe(200)
  })
})

describe('learnServer', () => {
  it.each<[string, ServerFacts, boolean]>([
    ['the same server keeps what was learned', FACTS, false],
    ['another version forgets it', { ...FACTS, version: '7.2.0' }, true],
    ['a new run_id forgets it', { ...FACTS, runId: 'b' }, true],
  ])('%s', (_what, next, forgets) => {
    const state = newTargetState()
    learnServer(state, FACTS, NOW, TTL, undefined)
    state.unavailable.set('config', NOW + TTL)
    state.answered.add('slowlog_len')
    learnServer(state, next, NOW + 1, TTL, undefined)
    expect(state.unavailable.has('config')).toBe(!forgets)
    expect(state.answered.has('slowlog_len')).toBe(!forgets)
    expect(state.facts).toBe(next)
  })

  it('says once that an endpoint flipping between run_ids it has seen is load-balanced', () => {
    const { log, lines } = logger()
    const state = newTargetState()
    for (const runId of ['a', 'b', 'a', 'b', 'a']) {
      learnServer(state, { ...FACTS, runId }, NOW, TTL, log)
    }
    expect(lines).toHaveLength(1)
    expect(String(lines[0]?.['msg'])).toMatch(/load-balanced endpoint/)
  })

  it('remembers at most 16 run_ids', () => {
    const state = newTargetState()
    for (let i = 0; i < 40; i++)
      learnServer(state, { ...FACTS, runId: `r${i}` }, NOW, TTL, undefined)
    expect(state.seenRunIds.size).toBe(16)
    expect(state.seenRunIds.has('r39')).toBe(true)
  })
})

describe('recordOutcomes', () => {
  const ctx = (log?: LogFn) => ({
    nowMs: NOW,
    ttlMs: TTL,
    connectionId: 7,
    log,
    sentText: new Map<StepKey, string>([['config', 'CONFIG GET maxmemory']]),
  })

  it.each<[string, StepKey, Reply[], 'unavailable' | 'failed' | 'answered']>([
    [
      'an unknown command',
      'latency_latest',
      [{ ok: false, error: "ERR unknown command 'LATENCY'" }],
      'unavailable',
    ],
    ['NOPERM', 'config', [{ ok: false, error: 'NOPERM no permission' }], 'unavailable'],
    ['an empty CONFIG GET', 'config', [{ ok: true, value: [] }], 'unavailable'],
    [
      'an empty SLOWLOG GET (data not expected)',
      'slowlog_get',
      [{ ok: true, value: [] }],
      'answered',
    ],
    ['a busy server', 'slowlog_len', [{ ok: false, error: 'BUSY script' }], 'failed'],
    ['an answer', 'config', [{ ok: true, value: ['maxmemory', '0'] }], 'answered'],
  ])('%s is %s', (_what, key, replies, outcome) => {
    const { log, lines } = logger()
    const state = newTargetState()
    recordOutcomes(state, new Map([[key, replies]]), ctx(log))
    expect(state.unavailable.get(key)).toBe(outcome === 'unavailable' ? NOW + TTL : undefined)
    expect(state.reasons.has(key)).toBe(outcome === 'unavailable')
    expect(state.answered.has(key)).toBe(outcome === 'answered')
    expect(lines).toHaveLength(outcome === 'answered' ? 0 : 1)
  })

  it('ignores INFO, which has no collector', () => {
    const state = newTargetState()
    recordOutcomes(state, new Map([['info', [{ ok: false, error: 'ERR unknown command' }]]]), ctx())
    expect(state.unavailable.size).toBe(0)
  })

  it('marks the connection named once CLIENT SETNAME answered or is unavailable', () => {
    const state = newTargetState()
    recordOutcomes(state, new Map([['client_setname', [{ ok: true, value: 'OK' }]]]), ctx())
    expect(state.namedConnectionId).toBe(7)
  })
})

describe('availability', () => {
  const opts = { configCommand: 'CONFIG', excludeLatency: false }

  it('reports probed collectors and every INFO section', () => {
    const state = newTargetState()
    state.answered.add('slowlog_len')
    state.answered.add('slowlog_get')
    state.unavailable.set('config', NOW + 1)
    state.answered.add('latency_latest')
    state.unavailable.set('latency_histogram', NOW - 1)
    const out = availability(state, opts, NOW, ['server', 'keyspace'])
    expect(Object.fromEntries([...out].filter(([k]) => !k.startsWith('info_')))).toEqual({
      config: false,
      latency_latest: true,
      slowlog: true,
    })
    expect([...out.keys()].filter((k) => k.startsWith('info_'))).toEqual(
      INFO_SECTIONS.map((s) => `info_${s}`)
    )
    expect(out.get('info_server')).toBe(true)
    expect(out.get('info_commandstats')).toBe(false)
  })

  it('reports a collector with one unavailable step as unavailable', () => {
    const state = newTargetState()
    state.answered.add('slowlog_len')
    state.unavailable.set('slowlog_get', NOW + 1)
    expect(availability(state, opts, NOW, []).get('slowlog')).toBe(false)
  })

  it('leaves out collectors the user turned off', () => {
    const state = newTargetState()
    state.answered.add('latency_latest')
    const out = availability(state, { ...opts, excludeLatency: true }, NOW, [])
    expect(out.has('latency_latest')).toBe(false)
  })
})

describe('unavailableSteps', () => {
  it.each<[string, [StepKey, number][], StepKey[]]>([
    ['none known', [], []],
    [
      'only those not yet due again, in the order found',
      [
        ['slowlog_len', NOW + 1],
        ['config', NOW],
        ['latency_latest', NOW - 1],
        ['cluster_info', NOW + TTL],
      ],
      ['slowlog_len', 'cluster_info'],
    ],
  ])('%s', (_name, entries, expected) => {
    const state = newTargetState()
    for (const [key, until] of entries) state.unavailable.set(key, until)
    expect(unavailableSteps(state, NOW)).toEqual(expected)
  })
})
