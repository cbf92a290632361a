import { describe, expect, it } from 'vitest'
import { parseTarget } from '../../../lib/target'
import type { Discovery, OutOfScopeNode } from '../../../lib/topology/discover'
import { MAX_DISCOVERED_NODES } from '../../../lib/topology/node'
import { ScopeReport } from '../../../lib/topology/scope-report'
import { SCOPE_SETTING } from '../../../lib/topology/scope'

const outside = (id: string, fixable = true): OutOfScopeNode => ({
  id,
  reason: `${id} is outside ${SCOPE_SETTING}`,
  fixable,
})

const discovery = (seed: string, outOfScope: OutOfScopeNode[], truncated = 0): Discovery => ({
  seed: { ...parseTarget(seed), password: 'seed-pw' },
  source: 'info_replication',
  nodes: [],
  outOfScope,
  truncated,
})

const logged = () => {
  const lines: Record<string, unknown>[] = []
  return { lines, log: (entry: Readonly<Record<string, unknown>>) => void lines.push({ ...entry }) }
}

describe('ScopeReport', () => {
  it('counts every left-out node, logged or not', () => {
    const report = new ScopeReport()
    expect(report.counts()).toEqual({ outOfScope: 0, truncated: 0 })
    report.record(discovery('redis://a:1', [outside('x:1'), outside('y:1')], 5), undefined)
    report.record(discovery('redis://a:1', [outside('x:1')], 2), undefined)
    expect(report.counts()).toEqual({ outOfScope: 3, truncated: 7 })
  })

  it('logs each node once per seed, naming the setting only when a setting can fix it', () => {
    const report = new ScopeReport()
    const { lines, log } = logged()
    const found = discovery('redis://a:1', [outside('x:1'), outside('169.254.169.254:80', false)])
    report.record(found, log)
    report.record(found, log)
    report.record(discovery('redis://b:1', [outside('x:1')]), log)
    expect(lines.map((l) => [l.seed, l.node, l.setting])).toEqual([
      ['redis://a:1', 'x:1', SCOPE_SETTING],
      ['redis://a:1', '169.254.169.254:80', undefined],
      ['redis://b:1', 'x:1', SCOPE_SETTING],
    ])
    expect(lines.every((l) => l.level === 'warn')).toBe(true)
    expect(JSON.stringify(lines)).not.toContain('seed-pw')
  })

  it('writes at most 10 node lines per discovery and sums up the rest in one line', () => {
    const report = new ScopeReport()
    const { lines, log } = logged()
    const many = Array.from({ length: 25 }, (_, i) => outside(`10.9.0.${i}:1`))
    report.record(discovery('redis://a:1', many), log)
    expect(lines).toHaveLength(11)
    expect(lines.at(-1)).toMatchObject({
      msg: expect.stringMatching(/^15 more/),
      setting: SCOPE_SETTING,
    })
    lines.length = 0
    report.record(discovery('redis://a:1', many), log)
    expect(lines.slice(0, 10).map((l) => l.node)).toEqual(many.slice(10, 20).map((n) => n.id))
    expect(lines.at(-1)?.msg).toMatch(/^5 more/)
  })

  it('logs a cut reply once per seed', () => {
    const report = new ScopeReport()
    const { lines, log } = logged()
    report.record(discovery('redis://a:1', [], 4), log)
    report.record(discovery('redis://a:1', [], 9), log)
    report.record(discovery('redis://b:1', [], 1), log)
    expect(lines.map((l) => [l.seed, l.truncated_nodes])).toEqual([
      ['redis://a:1', 4],
      ['redis://b:1', 1],
    ])
    expect(lines[0]?.msg).toContain(`cut at ${MAX_DISCOVERED_NODES} nodes`)
  })

  it('clips a server-written node id and reason', () => {
    const report = new ScopeReport()
    const { lines, log } = logged()
    report.record(discovery('redis://a:1', [outside(`${'h'.repeat(5000)}:1`)]), log)
    expect(String(lines[0]?.node).length).toBeLessThan(1000)
    expect(String(lines[0]?.reason).length).toBeLessThan(1000)
  })
})
