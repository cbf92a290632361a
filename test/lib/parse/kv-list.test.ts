import { describe, expect, it } from 'vitest'
import { eachKvSpan, keyIs, parseKvList, parseKvPairs } from '../../../lib/parse/kv-list'
import { GARBAGE } from './fixture'

describe('keyIs', () => {
  it.each<[string, string, boolean]>([
    ['calls', 'calls', true],
    [' calls ', 'calls', true],
    ['\u00a0calls', 'calls', true],
    ['call', 'calls', false],
    ['callsx', 'calls', false],
    ['ca lls', 'calls', false],
    ['', 'calls', false],
    ['  ', 'calls', false],
  ])('%j is %j: %s', (key, name, expected) => {
    const text = `x,${key}=1`
    expect(keyIs(text, 2, 2 + key.length, name)).toBe(expected)
    expect(key.trim() === name).toBe(expected)
  })
})

describe('eachKvSpan', () => {
  it.each(['a=1,b=2', ' a = 1 ,=3,,b==2,c', 'k=v=w,x', '', ',,,', '=', 'a=1,'.repeat(50)])(
    'gives the bounds of the pairs parseKvPairs reads in %j',
    (value) => {
      const pairs: [string, string][] = []
      eachKvSpan(value, (text, kf, kt, vf, vt) => {
        const key = text.slice(kf, kt).trim()
        if (key !== '') pairs.push([key, text.slice(vf, vt).trim()])
      })
      expect(pairs).toEqual(parseKvPairs(value))
    }
  )
})

describe('parseKvList', () => {
  it.each<[string, unknown, Record<string, string>]>([
    ...GARBAGE.map(([name, x]): [string, unknown, Record<string, string>] => [name, x, {}]),
    ['empty string', '', {}],
    ['only commas', ',,,', {}],
    ['an item without =', 'novalue', {}],
    ['an empty key', '=1', {}],
    ['a blank key', ' =1', {}],
    ['a truncated last item', 'keys=1,expi', { keys: '1' }],
    ['a truncated value', 'keys=1,expires=', { keys: '1', expires: '' }],
    ['empty items between', 'a=1,,b=2,', { a: '1', b: '2' }],
    ['a value containing =', 'a=b=c', { a: 'b=c' }],
    ['IPv6 value', 'ip=::1,port=6380', { ip: '::1', port: '6380' }],
    ['IPv6 with zone', 'ip=fe80::1%eth0,port=1', { ip: 'fe80::1%eth0', port: '1' }],
    ['spaces and a CR are trimmed', ' a = 1 , b=2\r', { a: '1', b: '2' }],
    ['last duplicate wins', 'a=1,a=2', { a: '2' }],
    ['order does not matter', 'expires=1,keys=10', { keys: '10', expires: '1' }],
    [
      'a keyspace line',
      'keys=10,expires=1,avg_ttl=3589798',
      { keys: '10', expires: '1', avg_ttl: '3589798' },
    ],
  ])('%s', (_name, value, expected) => {
    expect(() => parseKvList(value as string)).not.toThrow()
    expect(parseKvList(value as string)).toEqual(expected)
  })

  it('has no prototype', () => {
    expect(parseKvList('a=1')['constructor']).toBeUndefined()
    expect(parseKvList('__proto__=x')['__proto__']).toBe('x')
  })
})

describe('parseKvPairs', () => {
  it.each<[string, unknown, [string, string][]]>([
    ['null', null, []],
    ['number', 1, []],
    ['empty', '', []],
    ['garbage items skipped', 'x,=1,p50=1', [['p50', '1']]],
    [
      'order and duplicates kept',
      'p99=2,p50=1,p50=3',
      [
        ['p99', '2'],
        ['p50', '1'],
        ['p50', '3'],
      ],
    ],
    [
      'integer-like keys keep their order',
      '9=a,1=b',
      [
        ['9', 'a'],
        ['1', 'b'],
      ],
    ],
  ])('%s', (_name, value, expected) => {
    expect(() => parseKvPairs(value as string)).not.toThrow()
    expect(parseKvPairs(value as string)).toEqual(expected)
  })
})
