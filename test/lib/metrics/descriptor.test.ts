import { describe, expect, it } from 'vitest'
import type { Descriptor, LabelsOf } from '../../../lib/metrics/descriptor'
import {
  NO_LABEL_NAMES,
  counter,
  gauge,
  histogram,
  named,
  sameFamily,
  summary,
} from '../../../lib/metrics/descriptor'

const TABLE = named({
  plain: gauge([], 'A gauge.', 'exporter'),
  keyed: counter(['cmd'], 'A counter.', 'INFO commandstats'),
  valkey: gauge(['role'], 'With an optional label.', 'INFO server', { optional: ['stage'] }),
  spread: summary(['cmd'], 'A summary.', 'INFO latencystats'),
  buckets: histogram(['cmd', 'db'], 'A histogram.', 'LATENCY HISTOGRAM'),
})

describe('descriptor constructors and named', () => {
  it.each<[keyof typeof TABLE, Omit<Descriptor, 'labels' | 'optional'>, string[], string[]]>([
    ['plain', { name: 'plain', type: 'gauge', help: 'A gauge.', source: 'exporter' }, [], []],
    [
      'keyed',
      { name: 'keyed', type: 'counter', help: 'A counter.', source: 'INFO commandstats' },
      ['cmd'],
      [],
    ],
    [
      'valkey',
      { name: 'valkey', type: 'gauge', help: 'With an optional label.', source: 'INFO server' },
      ['role'],
      ['stage'],
    ],
    [
      'spread',
      { name: 'spread', type: 'summary', help: 'A summary.', source: 'INFO latencystats' },
      ['cmd'],
      [],
    ],
    [
      'buckets',
      { name: 'buckets', type: 'histogram', help: 'A histogram.', source: 'LATENCY HISTOGRAM' },
      ['cmd', 'db'],
      [],
    ],
  ])('declares %s with its key as name', (key, fields, labels, optional) => {
    const d = TABLE[key]
    expect(d).toMatchObject(fields)
    expect(d.labels).toEqual(labels)
    expect(d.optional).toEqual(optional)
  })

  it('freezes every descriptor and its label lists', () => {
    for (const d of Object.values(TABLE)) {
      expect(Object.isFrozen(d), d.name).toBe(true)
      expect(Object.isFrozen(d.labels), d.name).toBe(true)
      expect(Object.isFrozen(d.optional), d.name).toBe(true)
    }
  })

  it('shares one frozen empty list of label names', () => {
    expect(NO_LABEL_NAMES).toEqual([])
    expect(Object.isFrozen(NO_LABEL_NAMES)).toBe(true)
  })

  it('copies the label lists, so changing the array given later changes nothing', () => {
    const labels = ['a', 'b']
    const t = named({ x: gauge(labels, 'h', 's') })
    labels.push('c')
    expect(t.x.labels).toEqual(['a', 'b'])
  })
})

describe('LabelsOf', () => {
  it('types the required labels as keys and the optional ones as optional', () => {
    const full: LabelsOf<typeof TABLE.valkey> = { role: 'master', stage: 'ga' }
    const short: LabelsOf<typeof TABLE.valkey> = { role: 'master' }
    const two: LabelsOf<typeof TABLE.buckets> = { cmd: 'get', db: 'db0' }
    // @ts-expect-error role is required
    const missing: LabelsOf<typeof TABLE.valkey> = { stage: 'ga' }
    // @ts-expect-error db is required too
    const partial: LabelsOf<typeof TABLE.buckets> = { cmd: 'get' }
    // @ts-expect-error a family without labels takes none
    const none: LabelsOf<typeof TABLE.plain> = { cmd: 'get' }
    // @ts-expect-error le is never listed: bucket adds it
    const le: LabelsOf<typeof TABLE.buckets> = { cmd: 'get', db: 'db0', le: '1' }
    expect([full, short, two, missing, partial, none, le].map((l) => Object.keys(l))).toEqual([
      ['role', 'stage'],
      ['role'],
      ['cmd', 'db'],
      ['stage'],
      ['cmd'],
      ['cmd'],
      ['cmd', 'db', 'le'],
    ])
  })
})

describe('sameFamily', () => {
  const base = TABLE.keyed
  it.each<[string, Descriptor, boolean]>([
    ['a copy', { ...base }, true],
    ['another source', { ...base, source: 'elsewhere' }, true],
    ['another name', { ...base, name: 'other' }, false],
    ['another type', { ...base, type: 'gauge' }, false],
    ['another help', { ...base, help: 'Other.' }, false],
    ['another label', { ...base, labels: ['command'] }, false],
    ['one more label', { ...base, labels: ['cmd', 'db'] }, false],
    ['an optional label', { ...base, optional: ['db'] }, false],
  ])('compares %s', (_what, other, same) => {
    expect(sameFamily(base, other)).toBe(same)
  })

  it('compares label order', () => {
    expect(sameFamily(TABLE.buckets, { ...TABLE.buckets, labels: ['db', 'cmd'] })).toBe(false)
  })
})
