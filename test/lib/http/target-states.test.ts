import { describe, expect, it } from 'vitest'
import { MAX_REMEMBERED_TARGETS, targetStates } from '../../../lib/http/target-states'
import { parseTarget } from '../../../lib/target'

describe('targetStates', () => {
  it('gives each target its own state, the same one on every call', () => {
    const stateOf = targetStates()
    const a = stateOf(parseTarget('redis://a:1'))
    a.scrapes = 3
    expect(stateOf(parseTarget('redis://a:1'))).toBe(a)
    const b = stateOf(parseTarget('redis://b:1'))
    expect(b).not.toBe(a)
    expect(b.scrapes).toBe(0)
  })

  it('keys by the URI: another scheme or database is another state', () => {
    const stateOf = targetStates()
    const plain = stateOf(parseTarget('redis://a:1'))
    expect(stateOf(parseTarget('rediss://a:1'))).not.toBe(plain)
    expect(stateOf(parseTarget('redis://a:1/2'))).not.toBe(plain)
  })

  it('forgets the least recently scraped target beyond its bound, which then starts over', () => {
    const stateOf = targetStates(2)
    const a = stateOf(parseTarget('redis://a:1'))
    const b = stateOf(parseTarget('redis://b:1'))
    b.scrapes = 5
    expect(stateOf(parseTarget('redis://a:1'))).toBe(a) // a is now the most recent
    stateOf(parseTarget('redis://c:1')) // b, the least recent, is forgotten
    expect(stateOf(parseTarget('redis://a:1'))).toBe(a)
    const again = stateOf(parseTarget('redis://b:1'))
    expect(again).not.toBe(b)
    expect(again.scrapes).toBe(0)
  })

  it('remembers MAX_REMEMBERED_TARGETS targets by default', () => {
    const stateOf = targetStates()
    const first = stateOf(parseTarget('redis://t0:1'))
    for (let i = 1; i < MAX_REMEMBERED_TARGETS; i++) stateOf(parseTarget(`redis://t${i}:1`))
    expect(stateOf(parseTarget('redis://t0:1'))).toBe(first)
    for (let i = 1; i <= MAX_REMEMBERED_TARGETS; i++) stateOf(parseTarget(`redis://u${i}:1`))
    expect(stateOf(parseTarget('redis://t0:1'))).not.toBe(first)
  })
})
