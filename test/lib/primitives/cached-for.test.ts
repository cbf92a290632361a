import { describe, expect, it } from 'vitest'
import { cachedFor } from '../../../lib/primitives/cached-for'

describe('cachedFor', () => {
  it('loads at most once per ttl and shares the result in between', async () => {
    const clock = { ms: 0 }
    let loads = 0
    const get = cachedFor(
      1000,
      async () => ++loads,
      () => clock.ms
    )
    expect(await get()).toBe(1)
    clock.ms = 999
    expect(await get()).toBe(1)
    clock.ms = 1000
    expect(await get()).toBe(2)
  })

  it('forgets a failed load so the next call tries again', async () => {
    let calls = 0
    const get = cachedFor(60_000, async () => {
      calls += 1
      if (calls === 1) throw new Error('boom')
      return 'ok'
    })
    await expect(get()).rejects.toThrow('boom')
    expect(await get()).toBe('ok')
  })
})
