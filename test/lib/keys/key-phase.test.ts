import { describe, expect, it } from 'vitest'
import type { CollectOptions } from '../../../lib/collect/snapshot'
import { newTargetState } from '../../../lib/collect/target-state'
import { keyPhase } from '../../../lib/keys/key-phase'
import { parseInfo } from '../../../lib/parse/info'
import { FakeRedis, INFO_7 as INFO_FIXTURE } from '../../helpers/fake-redis'
import { keyChecks } from '../../helpers/key-context'

const base = (over: Partial<CollectOptions> = {}): CollectOptions => ({
  signal: new AbortController().signal,
  now: Date.now,
  configRefreshSeconds: 300,
  excludeLatency: false,
  ...over,
})

describe('keyPhase', () => {
  it('does nothing without key checks', async () => {
    const transport = new FakeRedis()
    const state = newTargetState()
    expect(await keyPhase(transport, state, base(), parseInfo(INFO_FIXTURE))).toBeUndefined()
    expect(transport.rounds).toHaveLength(0)
    expect(state.keys).toBeUndefined()
  })

  it('keeps its state on the target and logs a blocked check once', async () => {
    const transport = new FakeRedis()
    const state = newTargetState()
    const logs: Record<string, unknown>[] = []
    const opts = base({
      keyChecks: keyChecks({ REDIS_EXPORTER_CHECK_SINGLE_STREAMS: 'events' }),
      log: (e) => logs.push(e),
    })
    const first = await keyPhase(transport, state, opts, parseInfo(INFO_FIXTURE))
    expect(first?.available.get('check_streams')).toBe(false)
    await keyPhase(transport, state, opts, parseInfo(INFO_FIXTURE))
    expect(state.keys?.blocked.has('XINFO')).toBe(true)
    expect(transport.rounds).toHaveLength(1)
    expect(logs).toEqual([
      {
        level: 'warn',
        msg: 'the target refuses a command of this check; its families are left out for a while',
        check: 'check_streams',
      },
    ])
  })
})
