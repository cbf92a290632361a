import { describe, expect, it } from 'vitest'
import { KeyBudget } from '../../../lib/keys/budget'

describe('KeyBudget', () => {
  it('grants commands until they run out, then marks itself exhausted', () => {
    const b = new KeyBudget(10, 1000, () => 0)
    expect(b.take(6)).toBe(true)
    expect(b.remaining).toBe(4)
    expect(b.exhausted).toBe(false)
    expect(b.take(5)).toBe(false)
    expect(b.spent).toBe(6)
    expect(b.exhausted).toBe(true)
    expect(b.take(4)).toBe(true)
    expect(b.remaining).toBe(0)
  })

  it('says when the time is up', () => {
    let now = 1000
    const b = new KeyBudget(10, 250, () => now)
    expect(b.timeUp()).toBe(false)
    now = 1249
    expect(b.timeUp()).toBe(false)
    now = 1250
    expect(b.timeUp()).toBe(true)
    expect(b.exhausted).toBe(true)
  })

  it('can be cut by its user', () => {
    const b = new KeyBudget(10, 250, () => 0)
    b.cut()
    expect(b.exhausted).toBe(true)
    expect(b.remaining).toBe(10)
  })
})
