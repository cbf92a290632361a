import { describe, expect, it } from 'vitest'
import { MAX_LABEL_VALUE } from '../../../lib/bounds'
import type { PageLimits } from '../../../lib/metrics/family-set'
import { FamilySet } from '../../../lib/metrics/family-set'
import { renderPrometheus } from '../../../lib/render/prometheus'
import type { Labels } from '../../../lib/types'
import { parsePromText } from '../../helpers/prom-text'

const WIDE: PageLimits = { samples: 1_000_000, bytes: 1 << 30 }

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
    set.add('commands_total', 'counter', 'h', 1, { cmd: 'c'.repeat(length), other: 'x' })
    const [sample] = samplesOf(set, 'redis_commands_total')
    expect(sample?.labels['cmd']).toHaveLength(expected)
    expect(sample?.labels['cmd']?.endsWith('…')).toBe(length > MAX_LABEL_VALUE)
    expect(sample?.labels['other']).toBe('x')
  })

  it('treats two values that only differ past the bound as one series', () => {
    const set = new FamilySet('redis', WIDE)
    const long = 'x'.repeat(MAX_LABEL_VALUE * 2)
    set.add('commands_total', 'counter', 'h', 1, { cmd: `${long}a` })
    set.add('commands_total', 'counter', 'h', 2, { cmd: `${long}b` })
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
    adds.forEach(([labels, suffix], i) =>
      set.add('m', 'summary', 'h', i + 1, labels, suffix as '' | '_sum' | '_count')
    )
    expect(samplesOf(set, 'redis_m').map((s) => s.value)).toEqual(kept)
    expect(set.duplicates).toBe(duplicates)
    expect(set.truncated).toBe(0)
  })

  it('keeps the same labels apart in different families', () => {
    const set = new FamilySet('redis', WIDE)
    set.add('connected_slave_offset_bytes', 'gauge', 'h', 1, slave)
    set.add('connected_slave_lag_seconds', 'gauge', 'h', 2, slave)
    expect(set.list().map((f) => f.samples.length)).toEqual([1, 1])
    expect(set.duplicates).toBe(0)
  })
})

describe('FamilySet page caps', () => {
  it('keeps two samples of the sample cap for addUncapped, and cuts everything after the first cut', () => {
    const set = new FamilySet('redis', { samples: 10, bytes: 1 << 30 })
    for (let i = 0; i < 20; i++) set.add('db_keys', 'gauge', 'h', i, { db: `db${i}` })
    expect(samplesOf(set, 'redis_db_keys')).toHaveLength(8)
    expect(set.truncated).toBe(12)
    set.add('up', 'gauge', 'h', 1)
    expect(set.has('up')).toBe(false)
    expect(set.truncated).toBe(13)
    set.addUncapped('exporter_last_scrape_truncated_samples', 'gauge', 'h', set.truncated)
    set.addUncapped('exporter_last_scrape_duplicate_samples', 'gauge', 'h', set.duplicates)
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
        set.add('latency_spike_last', 'gauge', 'h "\\', -0.0000012345678901234567, {
          event_name: `${i}${values[i % 3]}`,
        })
      }
      set.addUncapped('exporter_last_scrape_truncated_samples', 'gauge', 'h', set.truncated)
      set.addUncapped('exporter_last_scrape_duplicate_samples', 'gauge', 'h', set.duplicates)
      const page = renderPrometheus(set.list())
      expect(Buffer.byteLength(page)).toBeLessThanOrEqual(maxBytes)
      // Filled up to the reserve and at most one more (largest) sample: the bound is not loose.
      expect(Buffer.byteLength(page)).toBeGreaterThan(maxBytes - 1024 - 3 * MAX_LABEL_VALUE - 100)
      expect(set.truncated).toBeGreaterThan(0)
      const families = parsePromText(page)
      const kept = families.get('redis_latency_spike_last')?.samples.length ?? 0
      expect(set.duplicates).toBe(0)
      expect(kept + set.truncated).toBe(2_000)
    }
  )

  it('cuts the same samples every time for the same input', () => {
    const build = () => {
      const set = new FamilySet('redis', { samples: 50, bytes: 1 << 30 })
      for (let i = 0; i < 100; i++) set.add(`f${i % 7}`, 'gauge', 'h', i, { i: String(i) })
      return renderPrometheus(set.list())
    }
    expect(build()).toBe(build())
  })
})

describe('FamilySet.list', () => {
  it('sorts families by prefixed name and keeps samples in the order added', () => {
    const set = new FamilySet('cache', WIDE)
    set.add('up', 'gauge', 'h', 1)
    set.add('db_keys', 'gauge', 'h', 2, { db: 'db1' })
    set.add('db_keys', 'gauge', 'h', 3, { db: 'db0' })
    expect(set.list().map((f) => f.name)).toEqual(['cache_db_keys', 'cache_up'])
    expect(samplesOf(set, 'cache_db_keys').map((s) => s.labels['db'])).toEqual(['db1', 'db0'])
  })
})
