import { describe, expect, it } from 'vitest'
import { BoundedMap } from '../../../lib/primitives/bounded-map'

type Op = ['set', string, number] | ['get', string] | ['delete', string]

describe('BoundedMap', () => {
  it.each<[string, number, Op[], string[], string[]]>([
    [
      'keeps everything under the bound',
      3,
      [
        ['set', 'a', 1],
        ['set', 'b', 2],
      ],
      ['a', 'b'],
      [],
    ],
    [
      'evicts the oldest key past the bound',
      2,
      [
        ['set', 'a', 1],
        ['set', 'b', 2],
        ['set', 'c', 3],
      ],
      ['b', 'c'],
      ['a'],
    ],
    [
      'get marks a key as recently used',
      2,
      [
        ['set', 'a', 1],
        ['set', 'b', 2],
        ['get', 'a'],
        ['set', 'c', 3],
      ],
      ['a', 'c'],
      ['b'],
    ],
    [
      'set of an existing key refreshes it without evicting',
      2,
      [
        ['set', 'a', 1],
        ['set', 'b', 2],
        ['set', 'a', 9],
        ['set', 'c', 3],
      ],
      ['a', 'c'],
      ['b'],
    ],
    [
      'delete frees a slot and is not an eviction',
      2,
      [
        ['set', 'a', 1],
        ['set', 'b', 2],
        ['delete', 'a'],
        ['set', 'c', 3],
      ],
      ['b', 'c'],
      [],
    ],
    [
      'a bound of 1 keeps only the latest',
      1,
      [
        ['set', 'a', 1],
        ['set', 'b', 2],
        ['set', 'c', 3],
      ],
      ['c'],
      ['a', 'b'],
    ],
  ])('%s', (_what, max, ops, kept, evicted) => {
    const out: string[] = []
    const map = new BoundedMap<string, number>(max, { onEvict: (key) => out.push(key) })
    for (const op of ops) {
      if (op[0] === 'set') map.set(op[1], op[2])
      else if (op[0] === 'get') map.get(op[1])
      else map.delete(op[1])
    }
    expect(kept.every((k) => map.has(k))).toBe(true)
    expect(map.size).toBe(kept.length)
    expect(out).toEqual(evicted)
  })

  it('evicts and lists in recency order like a plain list model, over 20,000 mixed operations', () => {
    // A seeded sequence of set/get/delete/clear on few keys, checked after every step against an
    // array kept in recency order (least recently used first): the order values() gives, what
    // get answers, and which keys the bound evicts.
    let seed = 7
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return (seed >>> 16) % n
    }
    const evicted: string[] = []
    const map = new BoundedMap<string, number>(5, { onEvict: (key) => evicted.push(key) })
    let model: [string, number][] = []
    const modelEvicted: string[] = []
    for (let step = 0; step < 20_000; step++) {
      const key = `k${next(8)}`
      const at = model.findIndex(([k]) => k === key)
      const op = next(20)
      if (op < 8) {
        map.set(key, step)
        if (at >= 0) model.splice(at, 1)
        model.push([key, step])
        while (model.length > 5) modelEvicted.push(model.shift()![0])
      } else if (op < 16) {
        const entry = at >= 0 ? model.splice(at, 1)[0] : undefined
        if (entry) model.push(entry)
        expect(map.get(key)).toBe(entry?.[1])
      } else if (op < 19) {
        expect(map.delete(key)).toBe(at >= 0)
        if (at >= 0) model.splice(at, 1)
      } else {
        map.clear()
        model = []
      }
      expect(map.values()).toEqual(model.map(([, v]) => v))
      expect(map.size).toBe(model.length)
    }
    expect(evicted).toEqual(modelEvicted)
    expect(evicted.length).toBeGreaterThan(100)
  })

  it('returns the latest value and undefined for a missing key', () => {
    const map = new BoundedMap<string, number>(2)
    map.set('a', 1).set('a', 2)
    expect(map.get('a')).toBe(2)
    expect(map.get('zz')).toBeUndefined()
  })

  it('stays at its bound under 100,000 distinct keys', () => {
    const map = new BoundedMap<number, number>(1000)
    for (let i = 0; i < 100_000; i++) map.set(i, i)
    expect(map.size).toBe(1000)
    expect(map.has(99_999)).toBe(true)
    expect(map.has(98_999)).toBe(false)
  })

  it.each([0, -1, 1.5, Number.NaN])('refuses a bound of %s', (max) => {
    expect(() => new BoundedMap(max)).toThrow(RangeError)
  })

  /** A clock step (`tick`) or a map operation; `set` may give its own TTL. */
  type TtlOp = ['tick', number] | ['set', string, number?] | ['get', string] | ['getOrSet', string]

  it.each<[string, TtlOp[], string[], string[]]>([
    [
      'an entry lives its TTL',
      [
        ['set', 'a'],
        ['tick', 999],
      ],
      ['a'],
      [],
    ],
    [
      'an expired entry reads as missing and is dropped',
      [
        ['set', 'a'],
        ['tick', 1000],
        ['get', 'a'],
      ],
      [],
      ['a'],
    ],
    [
      'set renews the TTL',
      [
        ['set', 'a'],
        ['tick', 600],
        ['set', 'a'],
        ['tick', 600],
      ],
      ['a'],
      [],
    ],
    [
      'get does not renew the TTL',
      [
        ['set', 'a'],
        ['tick', 600],
        ['get', 'a'],
        ['tick', 400],
      ],
      [],
      ['a'],
    ],
    [
      "a TTL per entry wins over the map's",
      [
        ['set', 'a', 5000],
        ['set', 'b'],
        ['tick', 1000],
      ],
      ['a'],
      ['b'],
    ],
    [
      'getOrSet makes an expired entry anew',
      [
        ['set', 'a'],
        ['tick', 1000],
        ['getOrSet', 'a'],
      ],
      ['a'],
      ['a'],
    ],
  ])('with a TTL of 1000 ms: %s', (_what, ops, kept, evicted) => {
    let clock = 0
    const out: string[] = []
    const map = new BoundedMap<string, number>(10, {
      ttlMs: 1000,
      now: () => clock,
      onEvict: (key) => out.push(key),
    })
    for (const op of ops) {
      if (op[0] === 'tick') clock += op[1]
      else if (op[0] === 'set') map.set(op[1], clock, op[2])
      else if (op[0] === 'get') map.get(op[1])
      else map.getOrSet(op[1], () => clock)
    }
    expect(['a', 'b'].filter((k) => map.has(k))).toEqual(kept)
    expect([...map.values()]).toHaveLength(kept.length)
    expect(out).toEqual(evicted)
  })
})

describe('BoundedMap without TTL', () => {
  it('reads entries that never expire without the clock, and entries with one with it', () => {
    let reads = 0
    const map = new BoundedMap<string, number>(10, {
      now: () => {
        reads += 1
        return 0
      },
    })
    map.set('forever', 1)
    map.set('brief', 2, 100)
    reads = 0
    for (let i = 0; i < 5; i++) expect(map.get('forever')).toBe(1)
    expect(map.has('forever')).toBe(true)
    expect(reads).toBe(0)
    expect(map.get('brief')).toBe(2)
    expect(reads).toBe(1)
  })
})
