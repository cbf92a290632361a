import { describe, expect, it } from 'vitest'
import {
  MAX_WALK_GROUPS,
  addBatch,
  parseGroupBatch,
  rankGroups,
} from '../../../lib/keys/key-groups'
import { GARBAGE } from '../parse/fixture'

describe('parseGroupBatch', () => {
  it.each([
    ['a RESP2 reply', ['17', 'user', 3, 216, 'unclassified', 1, 56], '17', 2],
    ['integers as bigints (RESP3 clients)', ['0', 'job', 10n, 720n], '0', 1],
    ['no keys in the batch', ['0'], '0', 0],
    ['a dangling group is dropped', ['5', 'user', 3], '5', 0],
  ])('%s', (_what, reply, cursor, groups) => {
    const batch = parseGroupBatch(reply)
    expect(batch?.cursor).toBe(cursor)
    expect(batch?.groups).toHaveLength(groups)
  })

  it.each(GARBAGE)('never throws on %s', (_what, value) => {
    expect(() => parseGroupBatch(value)).not.toThrow()
  })
})

describe('addBatch', () => {
  it('adds counts and bytes up over batches', () => {
    const totals = new Map<string, { count: number; memory: number }>()
    addBatch(totals, { cursor: '1', groups: [{ name: 'user', count: 2, memory: 100 }] })
    addBatch(totals, {
      cursor: '0',
      groups: [
        { name: 'user', count: 1, memory: 50 },
        { name: 'job', count: 4, memory: 10 },
      ],
    })
    expect(Object.fromEntries(totals)).toEqual({
      user: { count: 3, memory: 150 },
      job: { count: 4, memory: 10 },
    })
  })

  it('sums new groups past the bound as overflow', () => {
    const totals = new Map<string, { count: number; memory: number }>()
    const groups = Array.from({ length: MAX_WALK_GROUPS + 2 }, (_, i) => ({
      name: `g${i}`,
      count: 1,
      memory: 1,
    }))
    addBatch(totals, { cursor: '0', groups })
    expect(totals.size).toBe(MAX_WALK_GROUPS + 1)
    expect(totals.get('overflow')).toEqual({ count: 2, memory: 2 })
  })
})

describe('rankGroups', () => {
  const totals = new Map([
    ['a', { count: 1, memory: 10 }],
    ['b', { count: 2, memory: 30 }],
    ['c', { count: 3, memory: 20 }],
    ['d', { count: 4, memory: 5 }],
  ])

  it('keeps everything under the limit, largest first', () => {
    expect(rankGroups(totals, 10)).toEqual({
      distinct: 4,
      groups: [
        { name: 'b', count: 2, memory: 30 },
        { name: 'c', count: 3, memory: 20 },
        { name: 'a', count: 1, memory: 10 },
        { name: 'd', count: 4, memory: 5 },
      ],
    })
  })

  it('sums the smallest groups as overflow past the limit', () => {
    expect(rankGroups(totals, 2)).toEqual({
      distinct: 4,
      groups: [
        { name: 'b', count: 2, memory: 30 },
        { name: 'c', count: 3, memory: 20 },
        { name: 'overflow', count: 5, memory: 15 },
      ],
    })
  })

  it('merges into an overflow group that is kept', () => {
    const withOverflow = new Map([...totals, ['overflow', { count: 1, memory: 100 }]])
    const ranked = rankGroups(withOverflow, 1)
    expect(ranked.groups).toEqual([{ name: 'overflow', count: 11, memory: 165 }])
  })
})
