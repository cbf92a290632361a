import { describe, expect, it } from 'vitest'
import type { PlanOptions, ServerFacts } from '../../../lib/collect/plan'
import { parseInfo } from '../../../lib/parse/info'
import { retainedBytes } from '../../helpers/retained-heap'
import {
  COLLECTOR_STEPS,
  CONFIG_PARAMETERS,
  PLAN,
  factsFromInfo,
  sentName,
  stepCommands,
} from '../../../lib/collect/plan'

const OPTS: PlanOptions = { configCommand: 'CONFIG', excludeLatency: false }
const FACTS_7: ServerFacts = {
  runId: 'r',
  version: '7.0.15',
  major: 7,
  minor: 0,
  clusterEnabled: false,
  sentinel: false,
}
const step = (key: string) => PLAN.find((s) => s.key === key)!

describe('PLAN', () => {
  it('starts with the one required step, INFO, and names a collector on every other', () => {
    expect(PLAN[0]).toMatchObject({ key: 'info', required: true, command: 'INFO' })
    expect(PLAN[0]?.collector).toBeUndefined()
    for (const s of PLAN.slice(1)) {
      expect(s.required, s.key).toBe(false)
      expect(s.collector, s.key).toBeTypeOf('string')
    }
    expect(new Set(PLAN.map((s) => s.key)).size).toBe(PLAN.length)
  })
})

describe('COLLECTOR_STEPS', () => {
  it('groups the steps by collector, in plan order', () => {
    expect(COLLECTOR_STEPS).toEqual([
      ['client', ['client_setname']],
      ['config', ['config']],
      ['latency_latest', ['latency_latest']],
      ['latency_histogram', ['latency_histogram']],
      ['slowlog', ['slowlog_len', 'slowlog_get']],
      ['cluster_info', ['cluster_info']],
      ['client_list', ['client_list']],
      ['sentinel', ['sentinel_masters', 'sentinel_peers']],
      ['sentinel_ckquorum', ['sentinel_ckquorum']],
      ['sentinel_config', ['sentinel_config']],
      ['modules', ['modules']],
      ['tile38', ['tile38']],
      ['search_indexes', ['search_list', 'search_info']],
    ])
  })
})

describe('sentName', () => {
  it.each<[string, PlanOptions, string | undefined]>([
    ['config', OPTS, 'CONFIG'],
    ['config', { ...OPTS, configCommand: 'xyz' }, 'xyz'],
    ['config', { excludeLatency: false }, undefined],
    ['slowlog_len', { ...OPTS, renamedCommands: { SLOWLOG: 's1' } }, 's1'],
    ['slowlog_len', { ...OPTS, renamedCommands: { SLOWLOG: null } }, undefined],
    ['slowlog_get', { ...OPTS, disabledCollectors: ['slowlog'] }, undefined],
    ['latency_latest', { ...OPTS, disabledCollectors: ['slowlog'] }, 'LATENCY'],
    ['info', { ...OPTS, disabledCollectors: ['config'] }, 'INFO'],
  ])('sends %s as %s', (key, opts, expected) => {
    expect(sentName(step(key), opts)).toBe(expected)
  })
})

describe('stepCommands', () => {
  it.each<[string, PlanOptions, ServerFacts | undefined, boolean, string[]]>([
    ['info', OPTS, undefined, true, ['INFO ALL']],
    ['info', OPTS, undefined, false, ['INFO']],
    ['config', OPTS, FACTS_7, true, [`CONFIG GET ${CONFIG_PARAMETERS.join(' ')}`]],
    [
      'config',
      { ...OPTS, configCommand: 'cfg' },
      { ...FACTS_7, major: 6 },
      true,
      CONFIG_PARAMETERS.map((p) => `cfg GET ${p}`),
    ],
    ['slowlog_get', { ...OPTS, renamedCommands: { SLOWLOG: 's1' } }, FACTS_7, true, ['s1 GET 1']],
    ['slowlog_get', { ...OPTS, renamedCommands: { SLOWLOG: null } }, FACTS_7, true, []],
  ])('writes %s', (key, opts, facts, infoAll, expected) => {
    const cmds = stepCommands(step(key), { opts, facts, infoAll })
    expect(cmds.map((c) => c.join(' '))).toEqual(expected)
  })
})

describe('factsFromInfo', () => {
  it.each<[Record<string, string>, ServerFacts | undefined]>([
    [{}, undefined],
    [
      { redis_version: '7.2.4', run_id: 'abc', cluster_enabled: '1' },
      { runId: 'abc', version: '7.2.4', major: 7, minor: 2, clusterEnabled: true, sentinel: false },
    ],
    [
      { valkey_version: '8.1.0' },
      { runId: '', version: '8.1.0', major: 8, minor: 1, clusterEnabled: false, sentinel: false },
    ],
    [
      { redis_version: 'x.y' },
      { runId: '', version: 'x.y', major: 0, minor: 0, clusterEnabled: false, sentinel: false },
    ],
  ])('reads %j', (info, expected) => {
    expect(factsFromInfo(info)).toEqual(expected)
  })
})

describe('factsFromInfo and the reply', () => {
  it('keeps no INFO text alive through the facts a target remembers (run_id, version)', () => {
    // 50 INFO texts of ~200 KB whose run_id and version are long enough for V8 to slice them.
    const facts = () =>
      Array.from({ length: 50 }, (_, i) =>
        factsFromInfo(
          parseInfo(
            `# Server\r\nredis_version:7.2.4-build-${String(i).padStart(8, '0')}\r\n` +
              `run_id:${String(i).padStart(40, '0')}\r\n# Padding\r\n${'x'.repeat(200_000)}\r\n`
          )
        )
      )
    let kept: ReturnType<typeof facts> = []
    const bytes = retainedBytes(() => (kept = facts()))
    expect(kept.map((f) => f?.runId.length)).toEqual(Array(50).fill(40))
    expect(kept[7]?.version).toBe('7.2.4-build-00000007')
    expect(bytes).toBeLessThan(1_000_000)
  })
})
