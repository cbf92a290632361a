import { describe, expect, it } from 'vitest'
import { collect } from '../../../lib/collect/collect'
import type { CollectOptions, Snapshot } from '../../../lib/collect/snapshot'
import { newTargetState } from '../../../lib/collect/target-state'

describe('the collector shapes', () => {
  it('a scrape of a refusing transport is a Snapshot with up 0 and a reason', async () => {
    const opts: CollectOptions = {
      signal: new AbortController().signal,
      now: () => 0,
      configRefreshSeconds: 300,
      excludeLatency: false,
    }
    const snapshot: Snapshot = await collect(
      { send: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')) },
      newTargetState(),
      opts
    )
    expect(snapshot).toMatchObject({
      up: false,
      error: 'connect ECONNREFUSED 127.0.0.1:1',
      failure: 'transient',
    })
    expect(snapshot.replies.size).toBe(0)
  })
})
