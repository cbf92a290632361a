import { describe, expect, it } from 'vitest'
import { MAX_LABEL_VALUE } from '../../../lib/bounds'
import { FAMILIES } from '../../../lib/metrics/catalog/families'
import type { Descriptor } from '../../../lib/metrics/descriptor'
import { counter, gauge, histogram, named, summary } from '../../../lib/metrics/descriptor'
import type { PageLimits, TextMode } from '../../../lib/metrics/family-set'
import { FamilySet } from '../../../lib/metrics/family-set'
import { renderPrometheus } from '../../../lib/render/prometheus'
import type { Labels } from '../../../lib/types'
import { parsePromText } from '../../helpers/prom-text'

const WIDE: PageLimits = { samples: 1_000_000, bytes: 1 << 30 }

/** Families for these tests only (the catalog's are used where their shape fits). */
const T = named({
  commands_total: counter(['cmd', 'other'], 'h', 'test'),
  f0: gauge(['i'], 'h', 'test'),
  f1: gauge(['i'], 'h', 'test'),
  f2: gauge(['i'], 'h', 'test'),
  spike: gauge(['event_name'], 'h "\\', 'test'),
})
const { truncated: CUT, duplicates: DUP } = {
  truncated: FAMILIES.exporter_last_scrape_truncated_samples,
  duplicates: FAMILIES.exporter_last_scrape_duplicate_samples,
}

function samplesOf(set: FamilySet, name: string) {
  return set.list().find((f) => f.name === name)?.samples ?? []
}

describe('FamilySet label values', () => {
  it.each([
    ['one under the bound', MAX_LABEL_VALUE - 1, MAX_LABEL_VALUE - 1],
    ['exactly the bound', MAX_LABEL_VALUE, MAX_LABEL_VALUE],
    ['one over the bound', MAX_LABEL_VALUE + 1, MAX_LABEL_VALUE],
    ['a million characters', 1_000_000, MAX_LABEL_VALUE],
  ])('%s: a %d-character value becomes %d characters', (_what, length, expected) => {
    const set = new FamilySet('redis', WIDE)
    set.sample(T.commands_total, 1, { cmd: 'c'.repeat(length), other: 'x' })
    const [sample] = samplesOf(set, 'redis_commands_total')
    expect(sample?.labels['cmd']).toHaveLength(expected)
    expect(sample?.labels['cmd']?.endsWith('…')).toBe(length > MAX_LABEL_VALUE)
    expect(sample?.labels['other']).toBe('x')
  })

  it('treats two values that only differ past the bound as one series', () => {
    const set = new FamilySet('redis', WIDE)
    const long = 'x'.repeat(MAX_LABEL_VALUE * 2)
    set.sample(FAMILIES.commands_total, 1, { cmd: `${long}a` })
    set.sample(FAMILIES.commands_total, 2, { cmd: `${long}b` })
    expect(samplesOf(set, 'redis_commands_total').map((s) => s.value)).toEqual([1])
    expect(set.duplicates).toBe(1)
  })
})

describe('FamilySet duplicate series', () => {
  const slave = { slave_ip: '10.0.0.9', slave_port: '6379', slave_state: 'online' }

  it.each<[string, [Labels, string][], number[], number]>([
    [
      'the same labels twice: the first wins',
      [
        [slave, ''],
        [{ ...slave }, ''],
      ],
      [1],
      1,
    ],
    [
      'three times',
      [
        [slave, ''],
        [slave, ''],
        [slave, ''],
      ],
      [1],
      2,
    ],
    [
      'another value of one label',
      [
        [slave, ''],
        [{ ...slave, slave_port: '6380' }, ''],
      ],
      [1, 2],
      0,
    ],
    [
      'another suffix',
      [
        [{ cmd: 'get' }, '_sum'],
        [{ cmd: 'get' }, '_count'],
      ],
      [1, 2],
      0,
    ],
    [
      'no labels, twice',
      [
        [{}, ''],
        [{}, ''],
      ],
      [1],
      1,
    ],
    [
      'no labels, _sum then _count then _sum',
      [
        [{}, '_sum'],
        [{}, '_count'],
        [{}, '_sum'],
      ],
      [1, 2],
      1,
    ],
    // Values that run together the same way must not pass for each other.
    [
      'values split differently',
      [
        [{ a: 'x\u0001', b: 'y' }, ''],
        [{ a: 'x', b: '\u0001y' }, ''],
      ],
      [1, 2],
      0,
    ],
    [
      'a NUL inside a value',
      [
        [{ a: 'x\u0000', b: '' }, ''],
        [{ a: 'x', b: '\u0000' }, ''],
      ],
      [1, 2],
      0,
    ],
  ])('%s', (_what, adds, kept, duplicates) => {
    const set = new FamilySet('redis', WIDE)
    // One family `m` whose labels are the case's: a gauge for plain samples, else a summary.
    const labelNames = Object.keys(adds[0]![0])
    const asGauge: Descriptor<'gauge'> = { ...gauge(labelNames, 'h', 'test'), name: 'm' }
    const asSummary: Descriptor<'summary'> = { ...summary(labelNames, 'h', 'test'), name: 'm' }
    adds.forEach(([labels, suffix], i) => {
      if (suffix === '') set.sample(asGauge, i + 1, labels)
      else if (suffix === '_sum') set.sum(asSummary, i + 1, labels)
      else set.count(asSummary, i + 1, labels)
    })
    expect(samplesOf(set, 'redis_m').map((s) => s.value)).toEqual(kept)
    expect(set.duplicates).toBe(duplicates)
    expect(set.truncated).toBe(0)
  })

  it('keeps the same labels apart in different families', () => {
    const set = new FamilySet('redis', WIDE)
    set.sample(FAMILIES.connected_slave_offset_bytes, 1, slave)
    set.sample(FAMILIES.connected_slave_lag_seconds, 2, slave)
    expect(set.list().map((f) => f.samples.length)).toEqual([1, 1])
    expect(set.duplicates).toBe(0)
  })
})

describe('FamilySet page caps', () => {
  it('keeps two samples of the sample cap for sampleUncapped, and cuts everything after the first cut', () => {
    const set = new FamilySet('redis', { samples: 10, bytes: 1 << 30 })
    for (let i = 0; i < 20; i++) set.sample(FAMILIES.db_keys, i, { db: `db${i}` })
    expect(samplesOf(set, 'redis_db_keys')).toHaveLength(8)
    expect(set.truncated).toBe(12)
    set.sample(FAMILIES.up, 1)
    expect(set.has('up')).toBe(false)
    expect(set.truncated).toBe(13)
    set.sampleUncapped(CUT, set.truncated)
    set.sampleUncapped(DUP, set.duplicates)
    const total = set.list().reduce((n, f) => n + f.samples.length, 0)
    expect(total).toBe(10)
    expect(samplesOf(set, 'redis_exporter_last_scrape_truncated_samples')[0]?.value).toBe(13)
  })

  it.each([4_096, 20_000, 100_000])(
    'renders a page of at most %d bytes however long the labels',
    (maxBytes) => {
      const set = new FamilySet('redis', { samples: 1_000_000, bytes: maxBytes })
      const values = ['plain', 'é"\\\n'.repeat(300), '\uFFFD'.repeat(MAX_LABEL_VALUE * 2)]
      for (let i = 0; i < 2_000; i++) {
        set.sample(T.spike, -0.0000012345678901234567, { event_name: `${i}${values[i % 3]}` })
      }
      set.sampleUncapped(CUT, set.truncated)
      set.sampleUncapped(DUP, set.duplicates)
      const page = renderPrometheus(set.list())
      expect(Buffer.byteLength(page)).toBeLessThanOrEqual(maxBytes)
      // Filled up to the reserve and at most one more (largest) sample: the bound is not loose.
      expect(Buffer.byteLength(page)).toBeGreaterThan(maxBytes - 1024 - 3 * MAX_LABEL_VALUE - 100)
      expect(set.truncated).toBeGreaterThan(0)
      const families = parsePromText(page)
      const kept = families.get('redis_spike')?.samples.length ?? 0
      expect(set.duplicates).toBe(0)
      expect(kept + set.truncated).toBe(2_000)
    }
  )

  it('cuts the same samples every time for the same input', () => {
    const build = () => {
      const set = new FamilySet('redis', { samples: 50, bytes: 1 << 30 })
      const fs = [T.f0, T.f1, T.f2]
      for (let i = 0; i < 100; i++) set.sample(fs[i % 3]!, i, { i: String(i) })
      return renderPrometheus(set.list())
    }
    expect(build()).toBe(build())
  })
})

describe('FamilySet.list', () => {
  it('sorts families by prefixed name and keeps samples in the order added', () => {
    const set = new FamilySet('cache', WIDE)
    set.sample(FAMILIES.up, 1)
    set.sample(FAMILIES.db_keys, 2, { db: 'db1' })
    set.sample(FAMILIES.db_keys, 3, { db: 'db0' })
    expect(set.list().map((f) => f.name)).toEqual(['cache_db_keys', 'cache_up'])
    expect(samplesOf(set, 'cache_db_keys').map((s) => s.labels['db'])).toEqual(['db1', 'db0'])
  })
})

describe('FamilySet emit methods', () => {
  it('adds quantile and le after the family labels, and the _sum, _count and _bucket suffixes', () => {
    const set = new FamilySet('redis', WIDE)
    set.quantile(FAMILIES.latency_percentiles_usec, '0.5', 1, { cmd: 'get' })
    set.sum(FAMILIES.latency_percentiles_usec, 2, { cmd: 'get' })
    set.count(FAMILIES.latency_percentiles_usec, 3, { cmd: 'get' })
    set.bucket(FAMILIES.commands_latencies_usec, '+Inf', 4, { cmd: 'get' })
    expect(
      renderPrometheus(set.list())
        .split('\n')
        .filter((l) => !l.startsWith('#'))
    ).toEqual([
      'redis_commands_latencies_usec_bucket{cmd="get",le="+Inf"} 4',
      '',
      'redis_latency_percentiles_usec{cmd="get",quantile="0.5"} 1',
      'redis_latency_percentiles_usec_sum{cmd="get"} 2',
      'redis_latency_percentiles_usec_count{cmd="get"} 3',
      '',
    ])
  })

  it('takes its name, type and help from the descriptor', () => {
    const set = new FamilySet('cache', WIDE)
    set.sample(FAMILIES.exporter_scrapes_total, 7)
    expect(set.list()).toEqual([
      {
        name: 'cache_exporter_scrapes_total',
        help: FAMILIES.exporter_scrapes_total.help,
        type: 'counter',
        samples: [{ labels: {}, value: 7 }],
      },
    ])
  })

  it('rejects a wrong, missing or extra label at compile time', () => {
    const set = new FamilySet('redis', WIDE)
    // @ts-expect-error db_keys needs its db label
    set.sample(FAMILIES.db_keys, 1)
    // @ts-expect-error a misspelt label
    set.sample(FAMILIES.db_keys, 1, { dbx: 'db0' })
    // @ts-expect-error a label db_keys does not have
    set.sample(FAMILIES.db_keys, 1, { db: 'db0', role: 'master' })
    // @ts-expect-error up has no labels
    set.sample(FAMILIES.up, 1, { db: 'db0' })
    // @ts-expect-error le is added by bucket, not passed
    set.bucket(FAMILIES.commands_latencies_usec, '1', 1, { cmd: 'get', le: '1' })
    // @ts-expect-error a summary has no plain samples
    set.sample(FAMILIES.latency_percentiles_usec, 1, { cmd: 'get' })
    // @ts-expect-error instance_info needs all of its required labels
    set.sample(FAMILIES.instance_info, 1, { role: 'master' })
    // The optional (Valkey) labels may be left out or given.
    set.sample(FAMILIES.master_link_up, 1, { master_host: 'h', master_port: '1' })
    // At run time the calls above still add what they were given: the check is the compiler's.
    expect(set.has('db_keys')).toBe(true)
  })
})

describe('FamilySet registration', () => {
  const other = named({
    up: counter([], FAMILIES.up.help, 'test'),
    db_keys: gauge(['database'], FAMILIES.db_keys.help, 'test'),
    hz: gauge([], 'another help', 'test'),
    commands_latencies_usec: histogram(['cmd', 'x'], FAMILIES.commands_latencies_usec.help, 'x'),
  })

  it.each<[string, (set: FamilySet) => void, (set: FamilySet) => void, RegExp]>([
    [
      'another type',
      (set) => set.sample(FAMILIES.up, 1),
      (set) => set.sample(other.up, 1),
      /family up registered twice .*\(gauge \[\] then counter \[\]\)/,
    ],
    [
      'another label',
      (set) => set.sample(FAMILIES.db_keys, 1, { db: 'db0' }),
      (set) => set.sample(other.db_keys, 1, { database: 'db0' }),
      /family db_keys registered twice .*\[db\] then gauge \[database\]/,
    ],
    [
      'another help',
      (set) => set.sample(FAMILIES.hz, 1),
      (set) => set.sample(other.hz, 1),
      /family hz registered twice/,
    ],
  ])('throws when a family is registered again with %s', (_what, first, second, error) => {
    const set = new FamilySet('redis', WIDE)
    first(set)
    expect(() => second(set)).toThrow(error)
    // The page keeps the first registration only.
    expect(set.list()).toHaveLength(1)
    expect(set.list()[0]?.samples).toHaveLength(1)
  })

  it('throws even once the page is full', () => {
    const set = new FamilySet('redis', { samples: 3, bytes: 1 << 30 })
    set.sample(FAMILIES.up, 1)
    set.sample(FAMILIES.hz, 1)
    expect(set.truncated).toBe(1)
    expect(() => set.sample(other.up, 1)).toThrow(/registered twice/)
  })

  it('accepts a second descriptor object that declares the same family', () => {
    const set = new FamilySet('redis', WIDE)
    const copy = { ...FAMILIES.db_keys }
    set.sample(FAMILIES.db_keys, 1, { db: 'db0' })
    set.sample(copy, 2, { db: 'db1' })
    set.sample(copy, 3, { db: 'db0' })
    expect(samplesOf(set, 'redis_db_keys').map((s) => s.value)).toEqual([1, 2])
    expect(set.duplicates).toBe(1)
  })

  it('throws for a histogram whose labels differ only by one more', () => {
    const set = new FamilySet('redis', WIDE)
    set.bucket(FAMILIES.commands_latencies_usec, '1', 1, { cmd: 'get' })
    expect(() => set.bucket(other.commands_latencies_usec, '1', 1, { cmd: 'get', x: 'y' })).toThrow(
      /commands_latencies_usec registered twice/
    )
  })
})

describe('FamilySet text mode', () => {
  type Fill = (set: FamilySet) => void
  const long = 'x'.repeat(MAX_LABEL_VALUE * 2)
  const mixed = ['plain', 'é"\\\n'.repeat(300), '\uFFFD'.repeat(MAX_LABEL_VALUE * 2)]
  const quantiles: Fill = (set) => {
    for (const cmd of ['get', 'set', 'get']) {
      for (const q of ['50', '99', '99.9', `9${long}`]) {
        set.quantile(FAMILIES.latency_percentiles_usec, q, 1.5, { cmd })
      }
      set.sum(FAMILIES.latency_percentiles_usec, 2, { cmd })
      set.count(FAMILIES.latency_percentiles_usec, 3, { cmd })
      set.bucket(FAMILIES.commands_latencies_usec, '+Inf', NaN, { cmd })
    }
  }
  const manyLabels: Fill = (set) => {
    for (let i = 0; i < 2_000; i++) {
      set.sample(T.spike, -0.0000012345678901234567, { event_name: `${i}${mixed[i % 3]}` })
      set.sample(T.commands_total, Infinity, { cmd: `${i % 7}`, other: `${long}${i % 5}` })
      set.sample(FAMILIES.up, -Infinity)
    }
  }
  const limits: [string, PageLimits][] = [
    ['no cap reached', WIDE],
    ['the sample cap', { samples: 40, bytes: 1 << 30 }],
    ['the byte cap', { samples: 1_000_000, bytes: 20_000 }],
  ]
  const cases: [string, Fill][] = [
    ['quantiles, buckets, clipped and duplicate series', quantiles],
    ['escaped, clipped and duplicate label values', manyLabels],
  ]
  const both = limits.flatMap(([cap, l]) =>
    cases.map(([what, fill]): [string, string, PageLimits, Fill] => [what, cap, l, fill])
  )

  it.each(both)('writes the page of the object mode: %s, %s', (_what, _cap, l, fill) => {
    const objects = new FamilySet('redis', l)
    const text = new FamilySet('redis', l, undefined, {})
    for (const set of [objects, text]) {
      fill(set)
      set.sampleUncapped(CUT, set.truncated)
      set.sampleUncapped(DUP, set.duplicates)
    }
    expect(text.truncated).toBe(objects.truncated)
    expect(text.duplicates).toBe(objects.duplicates)
    expect(text.page()).toBe(renderPrometheus(objects.list()))
    expect(objects.page()).toBe(renderPrometheus(objects.list()))
  })

  it('appends a label to every line but those of the families it excepts', () => {
    const set = new FamilySet('ns', WIDE, undefined, {
      appendLabel: { name: 'instance_role', value: 'ma"ster', except: ['hz'] },
    })
    set.sample(FAMILIES.up, 1)
    set.sample(FAMILIES.hz, 10)
    set.sample(FAMILIES.db_keys, 2, { db: 'db0' })
    set.bucket(FAMILIES.commands_latencies_usec, '8', 4, { cmd: 'get' })
    expect(
      set
        .page()
        .split('\n')
        .filter((l) => !l.startsWith('#'))
    ).toEqual([
      'ns_commands_latencies_usec_bucket{cmd="get",le="8",instance_role="ma\\"ster"} 4',
      '',
      'ns_db_keys{db="db0",instance_role="ma\\"ster"} 2',
      '',
      'ns_hz 10',
      '',
      'ns_up{instance_role="ma\\"ster"} 1',
      '',
    ])
  })

  it('has no family objects to list', () => {
    const set = new FamilySet('redis', WIDE, undefined, {})
    set.sample(FAMILIES.up, 1)
    expect(() => set.list()).toThrow(/text-mode/)
    expect(set.page()).toBe(
      `# HELP redis_up ${FAMILIES.up.help}\n# TYPE redis_up gauge\nredis_up 1\n`
    )
  })
})

describe('FamilySet.page in text mode', () => {
  /** Two samples of one series and one of another, in a text-mode set. */
  const fill = (set: FamilySet) => {
    set.sample(T.f0, 1, { i: 'a' })
    set.sample(T.f0, 2, { i: 'a' })
    set.sample(T.f0, 3, { i: 'b' })
    set.sampleUncapped(DUP, set.duplicates)
  }

  it('writes one page per set: a second page() or a later sample throws', () => {
    const set = new FamilySet('redis', WIDE, undefined, {})
    fill(set)
    set.page()
    expect(() => set.page()).toThrow('page() called twice')
    expect(() => set.sample(T.f1, 1, { i: 'c' })).toThrow('added after page()')
  })

  it('gives the next set the same page: the emptied last one keeps nothing it needs', () => {
    const first = new FamilySet('redis', WIDE, undefined, {})
    fill(first)
    const page = first.page()
    expect(page).toContain('redis_f0{i="a"} 1\nredis_f0{i="b"} 3\n')
    expect(page).toContain('redis_exporter_last_scrape_duplicate_samples 1\n')
    const next = new FamilySet('redis', WIDE, undefined, {})
    fill(next)
    expect(next.page()).toBe(page)
  })
})

describe('FamilySet record and replay', () => {
  const Q = FAMILIES.latency_percentiles_usec
  /** A command's quantiles (one clipped label value), then its _sum and _count. */
  const quantiles = (set: FamilySet, cmd: string) => {
    for (const q of ['50', '99', `9${'9'.repeat(MAX_LABEL_VALUE)}`])
      set.quantile(Q, q, 1.5, { cmd })
  }
  const rest = (set: FamilySet, cmd: string) => {
    set.sum(Q, 2, { cmd })
    set.count(Q, 3, { cmd })
  }
  const CMDS = ['get', 'set', 'get', 'del', 'hset']
  /** The page with every command's quantiles added, or replayed from `chunks` where it can. */
  const page = (set: FamilySet, chunks?: Map<number, ReturnType<FamilySet['record']>>) => {
    set.sample(T.f0, 1, { i: 'first' })
    CMDS.forEach((cmd, i) => {
      const chunk = chunks?.get(i)
      if (!chunk || !set.replay(chunk)) {
        const recorded = set.record(Q, () => quantiles(set, cmd))
        chunks?.set(i, recorded)
      }
      rest(set, cmd)
    })
    set.sampleUncapped(CUT, set.truncated)
    set.sampleUncapped(DUP, set.duplicates)
    return set.page()
  }
  const text: TextMode = {}
  const role: TextMode = { appendLabel: { name: 'instance_role', value: 'master', except: [] } }
  const limits: [string, PageLimits][] = [
    ['no cap reached', WIDE],
    ['the sample cap', { samples: 10, bytes: 1 << 30 }],
    ['the byte cap', { samples: 1_000_000, bytes: 2_900 }],
  ]

  it.each(limits)('writes the page of samples added one by one: %s', (_cap, l) => {
    const expected = page(new FamilySet('redis', l, undefined, text))
    // Chunks recorded on an uncapped page, then on this one: a cap may cut where they would go.
    const wide = new Map<number, ReturnType<FamilySet['record']>>()
    page(new FamilySet('redis', WIDE, undefined, text), wide)
    expect([0, 1, 2, 3, 4].map((i) => wide.get(i) !== undefined)).toEqual([
      true,
      true,
      false, // the second get: its lines were dropped as duplicates
      true,
      true,
    ])
    for (const chunks of [wide, new Map<number, ReturnType<FamilySet['record']>>()]) {
      for (let round = 0; round < 3; round++) {
        expect(page(new FamilySet('redis', l, undefined, text), chunks)).toBe(expected)
      }
    }
  })

  it('replays into a set of another namespace or appended label only as samples again', () => {
    const chunks = new Map<number, ReturnType<FamilySet['record']>>()
    page(new FamilySet('redis', WIDE, undefined, text), chunks)
    for (const [ns, mode] of [
      ['other', text],
      ['redis', role],
    ] as const) {
      const replayed = new FamilySet(ns, WIDE, undefined, mode)
      expect(replayed.replay(chunks.get(0)!)).toBe(false)
      expect(page(new FamilySet(ns, WIDE, undefined, mode), new Map(chunks))).toBe(
        page(new FamilySet(ns, WIDE, undefined, mode))
      )
    }
  })

  it('refuses a chunk whose series is on the page already, and leaves the set as it was', () => {
    const first = new FamilySet('redis', WIDE, undefined, text)
    const chunk = first.record(Q, () => quantiles(first, 'get'))!
    const set = new FamilySet('redis', WIDE, undefined, text)
    set.quantile(Q, '99', 7, { cmd: 'get' })
    expect(set.replay(chunk)).toBe(false)
    quantiles(set, 'get')
    expect(set.duplicates).toBe(1)
    const lines = set
      .page()
      .split('\n')
      .filter((line) => line.startsWith('redis_latency'))
    expect(lines).toHaveLength(3)
    expect(lines[0]).toBe('redis_latency_percentiles_usec{cmd="get",quantile="99"} 7')
  })

  it('records nothing in object mode, or when the lines went to another family', () => {
    const objects = new FamilySet('redis', WIDE)
    expect(objects.record(Q, () => quantiles(objects, 'get'))).toBeUndefined()
    expect(samplesOf(objects, 'redis_latency_percentiles_usec')).toHaveLength(3)
    const set = new FamilySet('redis', WIDE, undefined, text)
    expect(set.record(Q, () => rest(set, 'get'))).toBeDefined()
    expect(set.record(Q, () => set.sample(T.f0, 1, { i: 'x' }))).toBeUndefined()
  })

  it('replays nothing into a set that has written its page', () => {
    const set = new FamilySet('redis', WIDE, undefined, text)
    const chunk = set.record(Q, () => quantiles(set, 'get'))!
    set.page()
    expect(() => set.replay(chunk)).toThrow('added after page()')
  })
})
