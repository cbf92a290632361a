import type { RedisOptions } from 'ioredis'
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../../../lib/config'
import { parseTarget } from '../../../lib/target'
import { IoredisTransport } from '../../../lib/transport/ioredis'
import { ioredisPool, ioredisTransport } from '../../../lib/transport/ioredis-pool'
import type { TransportPool } from '../../../lib/transport/pool'
import type { RedisServer } from '../../helpers/redis-server'
import { startRedis } from '../../helpers/redis-server'

const PASSWORD = 'pool-pw-9c2d'
let redis: RedisServer
const pools: TransportPool<IoredisTransport>[] = []
const singles: IoredisTransport[] = []

beforeAll(async () => {
  redis = await startRedis({ password: PASSWORD })
}, 20_000)
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.closeAll()))
  await Promise.all(singles.splice(0).map((t) => t.close()))
})
afterAll(async () => {
  await redis?.stop()
})

/** A client factory that records the options of every client it makes. */
function recording() {
  const made: RedisOptions[] = []
  return { made, newClient: (options: RedisOptions) => (made.push(options), new Redis(options)) }
}

const signal = () => AbortSignal.timeout(5_000)
const withPassword = (password: string) => ({
  ...parseTarget(`redis://127.0.0.1:${redis.port}`),
  password,
})

describe('ioredisTransport', () => {
  it('connects with the target, its credentials and REDIS_EXPORTER_CONNECTION_TIMEOUT', async () => {
    const config = parseConfig({ REDIS_ADDR: '', REDIS_EXPORTER_CONNECTION_TIMEOUT: '3s' })
    const { made, newClient } = recording()
    const t = ioredisTransport(config, withPassword(PASSWORD), newClient)
    singles.push(t)
    expect(t).toBeInstanceOf(IoredisTransport)
    expect(made).toEqual([]) // no connection before the first call
    const [pong] = await t.send([['PING']], { signal: signal() })
    expect(pong).toEqual({ ok: true, value: 'PONG' })
    expect(made).toHaveLength(1)
    expect(made[0]).toMatchObject({ host: '127.0.0.1', port: redis.port, password: PASSWORD })
  })

  it('never shows the password in a failure', async () => {
    const config = parseConfig({ REDIS_ADDR: '', REDIS_EXPORTER_CONNECTION_TIMEOUT: '1s' })
    const t = ioredisTransport(config, withPassword('wrong-pw-5e'), recording().newClient)
    singles.push(t)
    const outcome = await t.send([['PING']], { signal: signal() }).then(
      (replies) => JSON.stringify(replies),
      (err: unknown) => String(err)
    )
    expect(outcome).toMatch(/WRONGPASS|invalid|AUTH/i)
    expect(outcome).not.toContain('wrong-pw-5e')
  })
})

describe('ioredisPool', () => {
  it('keeps one transport per target, and a new connection uses the credentials last asked for', async () => {
    const { made, newClient } = recording()
    const pool = ioredisPool(parseConfig({ REDIS_ADDR: '' }), newClient)
    pools.push(pool)
    const first = pool.get(withPassword('rotated-away'))
    const again = pool.get(withPassword(PASSWORD))
    expect(again).toBe(first)
    expect(pool.size).toBe(1)
    expect(await again.send([['PING']], { signal: signal() })).toEqual([
      { ok: true, value: 'PONG' },
    ])
    expect(made.map((o) => o.password)).toEqual([PASSWORD])
    expect(pool.get(parseTarget(`redis://127.0.0.1:${redis.port}/1`))).not.toBe(first)
    expect(pool.size).toBe(2)
  })

  it('holds at most `max` transports', () => {
    const pool = ioredisPool(parseConfig({ REDIS_ADDR: '' }), recording().newClient, 2)
    pools.push(pool)
    for (const port of [1, 2, 3]) pool.get(parseTarget(`redis://127.0.0.1:${port}`))
    expect(pool.size).toBe(2)
  })

  it.each([
    [{}, 64],
    [{ REDIS_EXPORTER_MAX_CLIENTS: '3' }, 3],
  ])('holds at most REDIS_EXPORTER_MAX_CLIENTS transports by default (%j: %i)', (env, max) => {
    const pool = ioredisPool(parseConfig({ REDIS_ADDR: '', ...env }), recording().newClient)
    pools.push(pool)
    for (let port = 1; port <= 70; port++) pool.get(parseTarget(`redis://127.0.0.1:${port}`))
    expect(pool.size).toBe(max)
  })
})
