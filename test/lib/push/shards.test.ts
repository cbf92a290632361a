import { describe, expect, it } from 'vitest'
import {
  MAX_SHARDS,
  fnv1a64,
  jumpHash,
  shardLabel,
  shardOf,
  targetsOfShard,
} from '../../../lib/push/shards'

/** A fleet of `n` targets named as a platform team names them. */
const fleet = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({
    id: `cache-${from + i}.abc123.use1.cache.amazonaws.com:6379`,
  }))

const assign = (targets: readonly { id: string }[], of: number) =>
  new Map(targets.map((t) => [t.id, shardOf(t.id, of)]))

describe('fnv1a64', () => {
  // Published FNV-1a 64-bit test vectors.
  it.each([
    ['', 0xcbf29ce484222325n],
    ['a', 0xaf63dc4c8601ec8cn],
    ['foobar', 0x85944171f73967e8n],
  ])('hashes %j to the reference value', (text, hash) => {
    expect(fnv1a64(text)).toBe(hash)
  })
})

describe('jumpHash', () => {
  // Values of the reference implementation (Lamping and Veach, figure 1).
  it.each([
    [0n, 1, 0],
    [1n, 1, 0],
    [0n, 10, 0],
    [0xdeadbeefn, 1, 0],
  ])('puts key %s in %i buckets into bucket %i', (key, buckets, bucket) => {
    expect(jumpHash(key, buckets)).toBe(bucket)
  })

  it('stays in range for every bucket count up to MAX_SHARDS', () => {
    for (let n = 1; n <= MAX_SHARDS; n++) {
      for (const { id } of fleet(50)) {
        const b = jumpHash(fnv1a64(id), n)
        expect(b).toBeGreaterThanOrEqual(0)
        expect(b).toBeLessThan(n)
      }
    }
  })
})

describe('shardOf', () => {
  it('is the same on every call (stable across runs and processes)', () => {
    const targets = fleet(1000)
    expect(assign(targets, 8)).toEqual(assign(targets, 8))
    // Pinned: a change of hash would move every target of every deployed fleet.
    expect(fleet(5).map((t) => shardOf(t.id, 8))).toEqual([7, 3, 0, 7, 2])
  })

  it.each([2, 4, 8, 16])('balances 1,000 targets over %i shards within ±35%% of the mean', (of) => {
    const counts = new Array<number>(of).fill(0)
    for (const { id } of fleet(1000)) counts[shardOf(id, of)]!++
    const mean = 1000 / of
    for (const c of counts) {
      expect(c).toBeGreaterThan(mean * 0.65)
      expect(c).toBeLessThan(mean * 1.35)
    }
  })

  it('moves no existing target when 10 targets are added', () => {
    const before = fleet(1000)
    const after = [...before, ...fleet(10, 1000)]
    const a = assign(before, 8)
    const b = assign(after, 8)
    for (const [id, shard] of a) expect(b.get(id)).toBe(shard)
  })

  it.each([
    [1, 2],
    [2, 3],
    [4, 5],
    [8, 9],
    [8, 16],
  ])(
    'moves about 1 - %i/%i of the targets when the shards go from %i to %i, only into new shards',
    (from, to) => {
      const targets = fleet(1000)
      const a = assign(targets, from)
      const b = assign(targets, to)
      let moved = 0
      for (const [id, shard] of a) {
        if (b.get(id) === shard) continue
        moved++
        expect(b.get(id)).toBeGreaterThanOrEqual(from)
      }
      const expected = 1000 * (1 - from / to)
      expect(moved).toBeGreaterThan(expected * 0.7)
      expect(moved).toBeLessThan(expected * 1.3)
    }
  )
})

describe('targetsOfShard', () => {
  it('splits a fleet into disjoint shards that together hold every target once, in order', () => {
    const targets = fleet(300)
    const shards = [0, 1, 2, 3].map((index) => targetsOfShard(targets, { index, of: 4 }))
    const all = shards.flat().map((t) => t.id)
    expect(all.sort()).toEqual(targets.map((t) => t.id).sort())
    for (const shard of shards) {
      const positions = shard.map((t) => targets.indexOf(t))
      expect(positions).toEqual([...positions].sort((x, y) => x - y))
    }
  })

  it('gives everything to the one shard of an unsharded push', () => {
    expect(targetsOfShard(fleet(3), { index: 0, of: 1 })).toEqual(fleet(3))
  })
})

describe('shardLabel', () => {
  it('prints index/of', () => {
    expect(shardLabel({ index: 2, of: 8 })).toBe('2/8')
  })
})
