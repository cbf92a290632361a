import { describe, expect, it } from 'vitest'
import { configIsFresh, storeConfig } from '../../../lib/collect/config-cache'
import { factsFromInfo } from '../../../lib/collect/plan'
import { newTargetState } from '../../../lib/collect/target-state'
import { parseInfo } from '../../../lib/parse/info'
import type { Reply } from '../../../lib/types'
import { INFO_7, RUN_ID } from '../../helpers/fake-redis'

const FACTS = factsFromInfo(parseInfo(INFO_7))!
const T0 = 1_000_000
const ANSWER: Reply = { ok: true, value: ['maxmemory', '0', 'databases', '16'] }

function stored(replies: readonly Reply[]) {
  const state = newTargetState()
  state.facts = FACTS
  storeConfig(state, FACTS, { replies: new Map([['config', replies]]), connectionId: 7, nowMs: T0 })
  return state
}

describe('storeConfig', () => {
  it('keeps the values of this connection and server', () => {
    expect(stored([ANSWER]).config).toEqual({
      values: { maxmemory: '0', databases: '16' },
      connectionId: 7,
      runId: RUN_ID,
      fetchedAtMs: T0,
    })
  })

  it('forgets older values when CONFIG failed on this connection', () => {
    const state = stored([ANSWER])
    storeConfig(state, FACTS, {
      replies: new Map([['config', [{ ok: false, error: 'NOPERM' }]]]),
      connectionId: 8,
      nowMs: T0 + 1,
    })
    expect(state.config).toBeUndefined()
  })

  it('leaves the cache alone when CONFIG was not sent', () => {
    const state = stored([ANSWER])
    storeConfig(state, FACTS, { replies: new Map(), connectionId: 7, nowMs: T0 + 1 })
    expect(state.config?.fetchedAtMs).toBe(T0)
  })
})

describe('configIsFresh', () => {
  it.each([
    ['same connection, within the interval', 7, T0 + 299_999, true],
    ['at the interval', 7, T0 + 300_000, false],
    ['another connection', 8, T0 + 1, false],
  ])('%s: %s', (_what, connectionId, nowMs, fresh) => {
    expect(configIsFresh(stored([ANSWER]), connectionId, nowMs, 300)).toBe(fresh)
  })

  it('is stale once another server answers', () => {
    const state = stored([ANSWER])
    state.facts = { ...FACTS, runId: 'other' }
    expect(configIsFresh(state, 7, T0 + 1, 300)).toBe(false)
  })
})
