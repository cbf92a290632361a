import { describe, expect, it } from 'vitest'
import {
  asArray,
  asNumber,
  asPairs,
  asString,
  fieldNames,
  numberedFields,
  prefixedFields,
  eachStringField,
} from '../../../lib/parse/reply'
import { parseInfo } from '../../../lib/parse/info'
import { captures } from './fixture'

/** Every real INFO capture, by file name. */
const CAPTURES = captures()

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('asString', () => {
  it.each<[string, unknown, string | undefined]>([
    ['null', null, undefined],
    ['undefined', undefined, undefined],
    ['object', {}, undefined],
    ['array', ['a'], undefined],
    ['NaN', NaN, undefined],
    ['Infinity', Infinity, undefined],
    ['boolean', false, undefined],
    ['string', 'abc', 'abc'],
    ['empty string', '', ''],
    ['bytes', bytes('héllo'), 'héllo'],
    ['number', 12.5, '12.5'],
    ['bigint', 12n, '12'],
  ])('%s', (_name, x, expected) => {
    expect(() => asString(x)).not.toThrow()
    expect(asString(x)).toEqual(expected)
  })
})

describe('asNumber', () => {
  it.each<[string, unknown, number | undefined]>([
    ['null', null, undefined],
    ['object', {}, undefined],
    ['NaN', NaN, undefined],
    ['Infinity', Infinity, undefined],
    ['text inf', 'inf', undefined],
    ['text ok', 'ok', undefined],
    ['garbage text', '12abc', undefined],
    ['boolean', true, undefined],
    ['number', 3, 3],
    ['negative float', -1.5, -1.5],
    ['bigint', 7n, 7],
    ['text', '1234', 1234],
    ['bytes', bytes('20015'), 20015],
  ])('%s', (_name, x, expected) => {
    expect(() => asNumber(x)).not.toThrow()
    expect(asNumber(x)).toEqual(expected)
  })
})

describe('asArray', () => {
  it.each<[unknown, unknown]>([
    [null, undefined],
    ['[]', undefined],
    [{ length: 1, 0: 'a' }, undefined],
    [[], []],
    [
      [1, 'a'],
      [1, 'a'],
    ],
  ])('%j', (x, expected) => {
    expect(asArray(x)).toEqual(expected)
  })
})

describe('asPairs', () => {
  class Thing {
    a = 1
  }
  it.each<[string, unknown, [unknown, unknown][]]>([
    ['null', null, []],
    ['number', 5, []],
    ['string', 'a b', []],
    ['class instance', new Thing(), []],
    ['empty array', [], []],
    ['dangling key dropped', ['a', 1, 'b'], [['a', 1]]],
    [
      'flat array',
      ['a', 1, 'b', 2],
      [
        ['a', 1],
        ['b', 2],
      ],
    ],
    [
      'Map',
      new Map<unknown, unknown>([
        ['a', 1],
        [2, 'b'],
      ]),
      [
        ['a', 1],
        [2, 'b'],
      ],
    ],
    [
      'plain object',
      { a: 1, b: 'x' },
      [
        ['a', 1],
        ['b', 'x'],
      ],
    ],
  ])('%s', (_name, x, expected) => {
    expect(() => asPairs(x)).not.toThrow()
    expect(asPairs(x)).toEqual(expected)
  })
})

describe('eachStringField', () => {
  it.each<[string, unknown, [string, string][]]>([
    ['null', null, []],
    ['string', 'a:1', []],
    ['array', ['a', '1'], []],
    ['Map', new Map([['a', '1']]), []],
    ['non-string values dropped', { a: 1, b: null, c: {}, d: 'x' }, [['d', 'x']]],
    ['null-prototype record', Object.assign(Object.create(null), { a: '1' }), [['a', '1']]],
    [
      'the record order',
      { b: '1', a: '2', c: '3' },
      [
        ['b', '1'],
        ['a', '2'],
        ['c', '3'],
      ],
    ],
  ])('%s', (_name, x, expected) => {
    const seen: [string, string][] = []
    expect(() => eachStringField(x, (name, value) => seen.push([name, value]))).not.toThrow()
    expect(seen).toEqual(expected)
  })
})

describe('numberedFields', () => {
  it.each<[string, unknown, string, [number, string][]]>([
    ['null', null, 'slave', []],
    ['string', 'slave0:ip=a', 'slave', []],
    ['array', ['slave0', 'x'], 'slave', []],
    ['Map', new Map([['slave0', 'x']]), 'slave', []],
    ['only the prefix', { slave: 'x', db: 'y' }, 'slave', []],
    [
      'not prefix then digits',
      {
        slaves0: 'a',
        slave_read_only: '1',
        slave1a: 'b',
        Slave2: 'c',
        xslave3: 'd',
        'slave-4': 'e',
      },
      'slave',
      [],
    ],
    ['not ASCII digits', { 'slave\u0661': 'a', slave１: 'b' }, 'slave', []],
    ['a non-string value', { slave0: 1, slave1: null, slave2: 'x' }, 'slave', [[2, 'x']]],
    [
      'sorted by number, not by name',
      { slave10: 'c', slave2: 'b', slave0: 'a' },
      'slave',
      [
        [0, 'a'],
        [2, 'b'],
        [10, 'c'],
      ],
    ],
    [
      'leading zeros: one number, in the order written',
      { db01: 'b', db1: 'a', db0: 'z' },
      'db',
      [
        [0, 'z'],
        [1, 'b'],
        [1, 'a'],
      ],
    ],
    [
      'other prefixes are not read',
      { db0: 'keys=1', slave0: 'ip=a', dbsize: '3' },
      'db',
      [[0, 'keys=1']],
    ],
    [
      'null-prototype record',
      Object.assign(Object.create(null), { db3: 'x', db: 'y' }),
      'db',
      [[3, 'x']],
    ],
  ])('%s', (_name, x, prefix, expected) => {
    expect(() => numberedFields(x, prefix)).not.toThrow()
    expect(numberedFields(x, prefix)).toEqual(expected)
  })

  it('gives what a /^prefix(\\d+)$/ scan of every entry gives, on every real capture', () => {
    for (const text of Object.values(CAPTURES)) {
      const info = parseInfo(text)
      for (const prefix of ['slave', 'db', 'master_']) {
        const pattern = new RegExp(`^${prefix}(\\d+)$`)
        const expected = Object.entries(info)
          .flatMap(([k, v]): [number, string][] => {
            const m = pattern.exec(k)
            return m ? [[Number(m[1]), v]] : []
          })
          .sort((a, b) => a[0] - b[0])
        expect(numberedFields(info, prefix)).toEqual(expected)
      }
    }
  })
})

describe('fieldNames', () => {
  it.each<[string, unknown, string[]]>([
    ['null', null, []],
    ['string', 'a:1', []],
    ['array', ['a'], []],
    ['Map', new Map([['a', '1']]), []],
    ['record', { b: '1', a: 2 }, ['b', 'a']],
  ])('%s', (_name, x, expected) => {
    expect(fieldNames(x)).toEqual(expected)
    // Listed once per record: the same list again.
    expect(fieldNames(x)).toEqual(expected)
  })
})

describe('prefixedFields', () => {
  it.each<[string, unknown, string, [string, string][]]>([
    ['null', null, 'cmdstat_', []],
    ['string', 'cmdstat_get:calls=1', 'cmdstat_', []],
    ['array', ['cmdstat_get', 'x'], 'cmdstat_', []],
    ['only the prefix', { cmdstat_: 'x' }, 'cmdstat_', []],
    [
      'prefix then anything, in the record order',
      { cmdstat_set: 'b', xcmdstat_get: 'n', Cmdstat_get: 'n', cmdstat_get: 'a', cmdstats: 'n' },
      'cmdstat_',
      [
        ['cmdstat_set', 'b'],
        ['cmdstat_get', 'a'],
      ],
    ],
    [
      'a non-string value',
      { errorstat_ERR: 1, errorstat_WRONGTYPE: 'count=2' },
      'errorstat_',
      [['errorstat_WRONGTYPE', 'count=2']],
    ],
    [
      'null-prototype record',
      Object.assign(Object.create(null), { master0: 'name=a', master_link: 'up' }),
      'master',
      [
        ['master0', 'name=a'],
        ['master_link', 'up'],
      ],
    ],
  ])('%s', (_name, x, prefix, expected) => {
    expect(() => prefixedFields(x, prefix)).not.toThrow()
    expect(prefixedFields(x, prefix)).toEqual(expected)
  })

  it('gives the entries a startsWith filter of every entry gives, on every real capture', () => {
    for (const text of Object.values(CAPTURES)) {
      const info = parseInfo(text)
      for (const prefix of ['cmdstat_', 'latency_percentiles_usec_', 'errorstat_', 'master']) {
        const expected = Object.entries(info).filter(
          ([k]) => k.startsWith(prefix) && k.length > prefix.length
        )
        expect(prefixedFields(info, prefix)).toEqual(expected)
      }
    }
  })
})
