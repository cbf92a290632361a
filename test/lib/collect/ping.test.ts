import { describe, expect, it } from 'vitest'
import { pingSeconds } from '../../../lib/collect/ping'
import { TimeoutError } from '../../../lib/errors'
import { FakeRedis } from '../../helpers/fake-redis'

describe('pingSeconds', () => {
  it('sends one PING in a round trip of its own and times it', async () => {
    const redis = new FakeRedis()
    redis.answers.set('PING', 'PONG')
    const clock = { ms: 5_000 }
    redis.afterSend = () => (clock.ms += 3)
    const seconds = await pingSeconds(redis, {
      signal: new AbortController().signal,
      now: () => clock.ms,
    })
    expect(redis.rounds).toEqual([['PING']])
    expect(seconds).toBeCloseTo(0.003, 9)
  })

  it('times a refused PING too (redis_exporter only logs it)', async () => {
    const redis = new FakeRedis()
    redis.errors.set('PING', 'NOPERM this user has no permissions to run the ping command')
    const seconds = await pingSeconds(redis, { signal: new AbortController().signal, now: () => 0 })
    expect(seconds).toBe(0)
  })

  it('throws when the scrape deadline has passed', async () => {
    const controller = new AbortController()
    controller.abort(new TimeoutError('scrape deadline'))
    await expect(
      pingSeconds(new FakeRedis(), { signal: controller.signal, now: () => 0 })
    ).rejects.toThrow('scrape deadline')
  })
})
