import { describe, expect, it } from 'vitest'
import { asArray, asNumber, asPairs, asString, stringEntries } from '../../../lib/parse/reply'

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

describe('stringEntries', () => {
  it.each<[string, unknown, [string, string][]]>([
    ['null', null, []],
    ['string', 'a:1', []],
    ['array', ['a', '1'], []],
    ['Map', new Map([['a', '1']]), []],
    ['non-string values dropped', { a: 1, b: null, c: {}, d: 'x' }, [['d', 'x']]],
    ['null-prototype record', Object.assign(Object.create(null), { a: '1' }), [['a', '1']]],
  ])('%s', (_name, x, expected) => {
    expect(() => stringEntries(x)).not.toThrow()
    expect(stringEntries(x)).toEqual(expected)
  })
})
