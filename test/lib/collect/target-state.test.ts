import { describe, expect, it } from 'vitest'
import { UNAVAILABLE_RETRY_MS, newTargetState } from '../../../lib/collect/target-state'

describe('newTargetState', () => {
  it('knows nothing about the target yet', () => {
    const state = newTargetState()
    expect(state.facts).toBeUndefined()
    expect(state.config).toBeUndefined()
    expect(state.infoAllRefusedUntil).toBeUndefined()
    expect(state.namedConnectionId).toBeUndefined()
    for (const coll of [state.unavailable, state.reasons, state.answered, state.seenRunIds]) {
      expect(coll.size).toBe(0)
    }
    expect(state.logged.size).toBe(0)
    expect([state.scrapes, state.scrapeDurationSum, state.lastUsedMs]).toEqual([0, 0, 0])
  })

  it('shares nothing between two targets', () => {
    const a = newTargetState()
    const b = newTargetState()
    a.unavailable.set('config', 1)
    a.logged.add('x')
    a.scrapes = 3
    expect(b.unavailable.size).toBe(0)
    expect(b.logged.size).toBe(0)
    expect(b.scrapes).toBe(0)
  })

  it('retries a refused command after ten minutes by default', () => {
    expect(UNAVAILABLE_RETRY_MS).toBe(600_000)
  })
})
