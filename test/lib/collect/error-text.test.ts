import { describe, expect, it } from 'vitest'
import { collect } from '../../../lib/collect/collect'
import { newTargetState } from '../../../lib/collect/target-state'
import { MAX_ERROR_TEXT } from '../../../lib/bounds'
import { TransportError } from '../../../lib/errors'
import { FakeRedis } from '../../helpers/fake-redis'

const HUGE = 1_000_000

function setup(redis = new FakeRedis()) {
  const state = newTargetState()
  const logs: Record<string, unknown>[] = []
  const scrape = () =>
    collect(redis, state, {
      signal: new AbortController().signal,
      now: () => 1_795_319_047_000,
      excludeLatency: false,
      configCommand: 'CONFIG',
      configRefreshSeconds: 300,
      log: (entry) => logs.push({ ...entry }),
    })
  return { redis, state, logs, scrape }
}

describe('collect bounds the error text a server controls', () => {
  it.each<[string, (redis: FakeRedis) => void, string]>([
    ['an INFO error reply', (r) => r.errors.set('INFO', `ERR ${'x'.repeat(HUGE)}`), 'ERR xxx'],
    [
      'a transport error',
      (r) => (r.failWith = new TransportError(`read ECONNRESET ${'y'.repeat(HUGE)}`)),
      'read ECONNRESET yyy',
    ],
  ])('clips %s of a million characters to MAX_ERROR_TEXT', async (_what, arrange, start) => {
    const { redis, scrape } = setup()
    arrange(redis)
    const snap = await scrape()
    expect(snap.up).toBe(false)
    expect(snap.error).toHaveLength(MAX_ERROR_TEXT)
    expect(snap.error.startsWith(start)).toBe(true)
    expect(snap.error.endsWith('…')).toBe(true)
  })

  it('keeps an error text of MAX_ERROR_TEXT characters whole', async () => {
    const { redis, scrape } = setup()
    const error = `ERR ${'x'.repeat(MAX_ERROR_TEXT - 4)}`
    redis.errors.set('INFO', error)
    expect((await scrape()).error).toBe(error)
  })

  it('clips what it logs and remembers of an optional command that fails with a new huge error every scrape', async () => {
    const { redis, state, logs, scrape } = setup()
    for (let i = 0; i < 5; i++) {
      redis.errors.set('LATENCY LATEST', `ERR ${i} ${'z'.repeat(HUGE)}`)
      expect((await scrape()).up).toBe(true)
    }
    const logged = logs.filter((l) => l['collector'] === 'latency_latest')
    expect(logged).toHaveLength(5)
    for (const entry of logged) expect(String(entry['error'])).toHaveLength(MAX_ERROR_TEXT)
    for (const key of state.logged) expect(key.length).toBeLessThan(MAX_ERROR_TEXT + 100)
  })

  it('clips the reason it keeps for a refused optional command', async () => {
    const { redis, state, logs, scrape } = setup()
    redis.errors.set('LATENCY LATEST', `NOPERM ${'n'.repeat(HUGE)}`)
    await scrape()
    expect(state.reasons.get('latency_latest')).toHaveLength(MAX_ERROR_TEXT)
    const entry = logs.find((l) => l['collector'] === 'latency_latest')
    expect(String(entry?.['error'])).toHaveLength(MAX_ERROR_TEXT)
  })
})
