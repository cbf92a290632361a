import { describe, expect, it } from 'vitest'
import { MAX_ERROR_TEXT, clip } from '../../lib/bounds'

describe('clip', () => {
  it.each([
    ['', 5, ''],
    ['short', 5, 'short'],
    ['longer text', 5, 'long…'],
    ['abc', 1, '…'],
    ['abc', 0, ''],
    // Never half of a surrogate pair before the ellipsis: the emoji goes whole.
    ['ab\u{1F600}cd', 4, 'ab…'],
    ['ab\u{1F600}cd', 5, 'ab\u{1F600}…'],
  ])('clip(%j, %d) is %j', (text, max, expected) => {
    expect(clip(text, max)).toBe(expected)
  })

  it('cuts a 1,000,000-character error to MAX_ERROR_TEXT by default', () => {
    const out = clip('E'.repeat(1_000_000))
    expect(out).toHaveLength(MAX_ERROR_TEXT)
    expect(out.endsWith('…')).toBe(true)
  })
})
