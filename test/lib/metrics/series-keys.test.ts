import { describe, expect, it } from 'vitest'
import type { SeriesKeys } from '../../../lib/metrics/series-keys'
import {
  isDuplicate,
  keyHead,
  lengthPrefixed,
  nextKey,
  remember,
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

describe('isDuplicate and remember', () => {
  it.each<[string, [suffix: string, key: string][], [string, string], boolean]>([
    ['the first sample again', [], ['', 'a'], true],
    ['another key, same suffix', [], ['', 'b'], false],
    ['the first key with another suffix', [], ['_sum', 'a'], false],
    ['a remembered key', [['', 'b']], ['', 'b'], true],
    ['the first key once a second is remembered', [['', 'b']], ['', 'a'], true],
    ['a remembered key of another suffix', [['_sum', 'a']], ['_sum', 'a'], true],
    ['a key remembered under another suffix', [['_count', 'b']], ['_sum', 'b'], false],
  ])('%s', (_what, added, [suffix, key], expected) => {
    const seen: SeriesKeys = { firstSuffix: '', firstKey: 'a' }
    for (const [s, k] of added) remember(seen, s, k)
    expect(isDuplicate(seen, suffix, key)).toBe(expected)
  })
})

describe('keyHead', () => {
  it.each([[['a']], [['a', 'b']], [['a', 'b', 'c']]])('extends the key of %j', (values) => {
    const key = keyOf(values)
    expect(keyHead(key, values.length) + lengthPrefixed('z')).toBe(keyOf([...values, 'z']))
  })
})
