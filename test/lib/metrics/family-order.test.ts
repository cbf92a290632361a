import { describe, expect, it } from 'vitest'
import { sortedByName } from '../../../lib/metrics/family-order'

/** A map as a page's entries: each name to an object naming it. */
const entries = (names: readonly string[]) => new Map(names.map((n) => [n, { n }]))
const order = (names: readonly string[]) => sortedByName(entries(names)).map((e) => e.n)

describe('sortedByName', () => {
  it.each([
    ['the same names in another order', ['c', 'a', 'b'], ['a', 'b', 'c']],
    ['as many names, one of them another', ['a', 'b', 'd'], ['a', 'b', 'd']],
    ['one name fewer', ['c', 'a'], ['a', 'c']],
    ['one name more', ['d', 'c', 'b', 'a'], ['a', 'b', 'c', 'd']],
    ['none', [], []],
  ] as const)('after a page of a, b, c: %s', (_what, names, sorted) => {
    expect(order(['b', 'c', 'a'])).toEqual(['a', 'b', 'c'])
    expect(order(names)).toEqual(sorted)
    // And again, now that the order is the last one.
    expect(order([...names].reverse())).toEqual(sorted)
  })

  it('sorts by code unit, as the pages always did', () => {
    expect(order(['b_x', 'B', 'a', 'a_b', 'ab', '_z'])).toEqual([
      'B',
      '_z',
      'a',
      'a_b',
      'ab',
      'b_x',
    ])
  })

  it('gives the entries themselves', () => {
    const map = entries(['y', 'x'])
    const [first] = sortedByName(map)
    expect(first).toBe(map.get('x'))
  })
})
