import { describe, expect, it } from 'vitest'
import type { SeriesKeys } from '../../../lib/metrics/series-keys'
import {
  addKey,
  forgetKey,
  keyHead,
  lengthPrefixed,
  nextKey,
} from '../../../lib/metrics/series-keys'

function keyOf(values: readonly string[]): string {
  let key = ''
  values.forEach((v, i) => (key = nextKey(key, i + 1, v)))
  return key
}

describe('nextKey', () => {
  it.each<[string, string[], string[]]>([
    ['a value cannot pass for two', ['a,b', ''], ['a', ',b']],
    ['a split elsewhere differs', ['ab', 'c'], ['a', 'bc']],
    ['three values', ['a', 'b', 'c'], ['ab', '', 'c']],
  ])('%s', (_what, a, b) => {
    expect(keyOf(a)).not.toBe(keyOf(b))
    expect(keyOf(a)).toBe(keyOf([...a]))
  })

  it('is the value itself for one label', () => {
    expect(keyOf(['get'])).toBe('get')
  })
})

describe('addKey and forgetKey', () => {
  it.each<[string, [suffix: string, key: string][], [string, string], boolean]>([
    ['the first sample again', [], ['', 'a'], false],
    ['another key, same suffix', [], ['', 'b'], true],
    ['the first key with another suffix', [], ['_sum', 'a'], true],
    ['an added key', [['', 'b']], ['', 'b'], false],
    ['the first key once a second is added', [['', 'b']], ['', 'a'], false],
    ['an added key of another suffix', [['_sum', 'a']], ['_sum', 'a'], false],
    ['a key added under another suffix', [['_count', 'b']], ['_sum', 'b'], true],
  ])('%s: new is %s', (_what, added, [suffix, key], expected) => {
    const seen: SeriesKeys = { firstSuffix: '', firstKey: 'a' }
    for (const [s, k] of added) expect(addKey(seen, s, k)).toBe(true)
    expect(addKey(seen, suffix, key)).toBe(expected)
    // Added now (or before): a duplicate from now on.
    expect(addKey(seen, suffix, key)).toBe(false)
  })

  it.each([
    ['', 'b'],
    ['_sum', 'a'],
  ])('forgets a key just added with suffix %j', (suffix, key) => {
    const seen: SeriesKeys = { firstSuffix: '', firstKey: 'a' }
    expect(addKey(seen, suffix, key)).toBe(true)
    forgetKey(seen, suffix, key)
    expect(addKey(seen, suffix, key)).toBe(true)
    expect(addKey(seen, '', 'a')).toBe(false)
  })
})

describe('keyHead', () => {
  it.each([[['a']], [['a', 'b']], [['a', 'b', 'c']]])('extends the key of %j', (values) => {
    const key = keyOf(values)
    expect(keyHead(key, values.length) + lengthPrefixed('z')).toBe(keyOf([...values, 'z']))
  })
})
