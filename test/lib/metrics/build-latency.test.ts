import { describe, expect, it } from 'vitest'
import { addCommandFamilies } from '../../../lib/metrics/build-commands'
import { addLatencyHistogram } from '../../../lib/metrics/build-latency'
import type { Chunk } from '../../../lib/metrics/chunk'
import type { Descriptor } from '../../../lib/metrics/descriptor'
import type { PageLimits, TextMode } from '../../../lib/metrics/family-set'
import { FamilySet } from '../../../lib/metrics/family-set'
import { parseInfo } from '../../../lib/parse/info'
import { renderPrometheus } from '../../../lib/render/prometheus'
import type { Reply } from '../../../lib/types'
import { parsePromText, sampleValue } from '../../helpers/prom-text'
import { fixtureReply, fixtureText } from './build-fixtures'

/** A text-mode set that counts the chunks it recorded and replayed. */
class CountingSet extends FamilySet {
  recorded = 0
  replayed = 0
  override record(desc: Descriptor, write: () => void): Chunk | undefined {
    const chunk = super.record(desc, write)
    if (chunk) this.recorded += 1
    return chunk
  }
  override replay(chunk: Chunk): boolean {
    const ok = super.replay(chunk)
    if (ok) this.replayed += 1
    return ok
  }
}

const WIDE: PageLimits = { samples: 1_000_000, bytes: 1 << 30 }
const INFO = parseInfo(fixtureText('info-redis-7.0.txt'))
const HISTOGRAM = fixtureReply('latency-histogram-redis-7.0.json')

/** The latency families of one page: commandstats, latencystats and the histogram. */
function latencyPage(set: FamilySet, info = INFO, histogram: Reply = HISTOGRAM) {
  const usec = addCommandFamilies(set, info)
  addLatencyHistogram(set, histogram, usec)
  return set.page()
}

/** The same page in object mode, which never replays: the reference. */
function objectPage(namespace: string, limits: PageLimits, info = INFO, histogram = HISTOGRAM) {
  const set = new FamilySet(namespace, limits)
  addCommandFamilies(set, info)
  addLatencyHistogram(set, histogram, addCommandFamilies(new FamilySet(namespace), info))
  return renderPrometheus(set.list())
}

describe('latency lines reused while their source is unchanged', () => {
  const role: TextMode = { appendLabel: { name: 'instance_role', value: 'master', except: [] } }
  const cut = (limits: PageLimits, family: string) => ({ limits, family })
  it.each<[string, string, TextMode, { limits: PageLimits; family: string } | undefined]>([
    ['the page', 'redis', {}, undefined],
    ['another namespace', 'other', {}, undefined],
    ['an appended label', 'redis', role, undefined],
    [
      'a sample cap inside the histogram',
      'redis',
      {},
      cut({ samples: 150, bytes: 1 << 30 }, 'redis_commands_latencies_usec'),
    ],
    [
      'a byte cap inside the quantiles',
      'redis',
      {},
      cut({ samples: 1_000_000, bytes: 9_000 }, 'redis_latency_percentiles_usec'),
    ],
  ])('writes the same bytes as the first time: %s', (_what, ns, mode, capped) => {
    const limits = capped?.limits ?? WIDE
    const pages = [1, 2, 3].map(() => {
      const set = new CountingSet(ns, limits, undefined, mode)
      return { page: latencyPage(set), replayed: set.replayed }
    })
    expect(pages[1]!.page).toBe(pages[0]!.page)
    expect(pages[2]!.page).toBe(pages[0]!.page)
    expect(pages[2]!.replayed).toBeGreaterThan(0)
    if (!mode.appendLabel) expect(pages[2]!.page).toBe(objectPage(ns, limits))
    if (capped) {
      // The cap falls inside the family: some of its samples are on the page, not all.
      const count = (page: string) => parsePromText(page).get(capped.family)?.samples.length ?? 0
      expect(count(pages[2]!.page)).toBeGreaterThan(0)
      expect(count(pages[2]!.page)).toBeLessThan(count(objectPage(ns, WIDE)))
    }
  })

  it('records lines only once their source comes a second time, and replays them from the third', () => {
    // A copy: values and a reply no earlier test has seen.
    const info = Object.fromEntries(
      Object.entries(INFO).map(([k, v]) => [
        k,
        k.startsWith('latency_percentiles') ? `${v},p1=0` : v,
      ])
    )
    const value = JSON.parse(fixtureText('latency-histogram-redis-7.0.json')) as unknown[]
    const histogram: Reply = { ok: true, value }
    const counts = [1, 2, 3].map(() => {
      const set = new CountingSet('redis', WIDE, undefined, {})
      latencyPage(set, info, histogram)
      return [set.recorded, set.replayed]
    })
    const commands = Object.keys(info).filter((k) => k.startsWith('latency_percentiles')).length
    const histograms = value.length / 2
    expect(counts).toEqual([
      [0, 0],
      [commands + histograms, 0],
      [0, commands + histograms],
    ])
  })

  it('renders a changed latencystats value and a new histogram reply afresh', () => {
    latencyPage(new FamilySet('redis', WIDE, undefined, {}))
    const info = { ...INFO, latency_percentiles_usec_get: 'p50=7.5,p99=8.5,p99.9=9.5' }
    const histogram = { ok: true, value: ['get', ['calls', 9, 'histogram_usec', [2, 9]]] } as const
    const page = latencyPage(new FamilySet('redis', WIDE, undefined, {}), info, histogram)
    expect(page).toBe(objectPage('redis', WIDE, info, histogram))
    const families = parsePromText(page)
    expect(
      sampleValue(families, 'redis_latency_percentiles_usec', { cmd: 'get', quantile: '99' })
    ).toBe(8.5)
    expect(
      sampleValue(families, 'redis_commands_latencies_usec_bucket', { cmd: 'get', le: '2' })
    ).toBe(9)
    expect(
      families.get('redis_commands_latencies_usec')?.samples.some((s) => s.labels['cmd'] === 'eval')
    ).toBe(false)
  })
})

describe('addLatencyHistogram', () => {
  it('sums the µs of a command and its subcommands into _sum', () => {
    const set = new FamilySet('redis')
    const reply = {
      ok: true as const,
      value: ['config', ['calls', 3, 'histogram_usec', [1, 2, 4, 3]]],
    }
    addLatencyHistogram(
      set,
      reply,
      new Map([
        ['config', 5],
        ['config|get', 7],
        ['get', 100],
      ])
    )
    const families = parsePromText(renderPrometheus(set.list()))
    expect(sampleValue(families, 'redis_commands_latencies_usec_sum', { cmd: 'config' })).toBe(12)
    expect(sampleValue(families, 'redis_commands_latencies_usec_count', { cmd: 'config' })).toBe(3)
    expect(
      sampleValue(families, 'redis_commands_latencies_usec_bucket', { cmd: 'config', le: '+Inf' })
    ).toBe(3)
  })

  it('writes nothing for a failed reply', () => {
    const set = new FamilySet('redis')
    addLatencyHistogram(set, { ok: false, error: 'ERR' }, new Map())
    expect(set.list()).toEqual([])
  })
})
