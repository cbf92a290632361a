import { describe, expect, it } from 'vitest'
import { FailureLog } from '../../../lib/failure-log'
import { newWarmState } from '../../../lib/push/warm-state'

describe('newWarmState', () => {
  it('keeps at most `max` entries, the least recently used forgotten first', () => {
    const state = newWarmState<number, string[]>(2, [])
    state.entries.set('a', 1)
    state.entries.set('b', 2)
    expect(state.entries.get('a')).toBe(1) // a is now the most recent
    state.entries.set('c', 3)
    expect(state.entries.get('b')).toBeUndefined()
    expect(state.entries.get('a')).toBe(1)
    expect(state.entries.size).toBe(2)
  })

  it('keeps the history it was given, the same object across pushes', () => {
    const log = new FailureLog()
    const state = newWarmState<number, FailureLog>(10, log)
    expect(state.history).toBe(log)
    expect(newWarmState(10, log).entries).not.toBe(state.entries)
  })
})
