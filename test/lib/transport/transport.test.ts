import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import { parseConfig } from '../../../lib/config'
import { TimeoutError } from '../../../lib/errors'
import { parseTarget } from '../../../lib/target'
import { ioredisTransport } from '../../../lib/transport/ioredis-pool'
import type {
  RedisTransport,
  SendOptions,
  TransportProfile,
} from '../../../lib/transport/transport'
import { UpstashRestTransport } from '../../../lib/transport/upstash-rest'
import type { Command, Reply } from '../../../lib/types'
import type { RedisServer } from '../../helpers/redis-server'
import { startRedis } from '../../helpers/redis-server'
import type { UpstashServer } from '../../helpers/upstash-server'
import { startUpstashServer } from '../../helpers/upstash-server'

const TOKEN = 'port-contract-token-31'
let redis: RedisServer
let upstash: UpstashServer
const closers: (() => Promise<void>)[] = []

beforeAll(async () => {
  redis = await startRedis()
  upstash = await startUpstashServer({ redis: { port: redis.port }, token: TOKEN })
}, 20_000)
afterAll(async () => {
  await Promise.all(closers.map((close) => close()))
  await upstash?.stop()
  await redis?.stop()
})

/** Every RedisTransport in lib/, on a real server, with the optional members it offers. */
const TRANSPORTS: [string, () => RedisTransport, { warm: boolean; profile?: TransportProfile }][] =
  [
    [
      'IoredisTransport',
      () => {
        const t = ioredisTransport(
          parseConfig({ REDIS_ADDR: '' }),
          parseTarget(`redis://127.0.0.1:${redis.port}`),
          (options) => new Redis(options)
        )
        closers.push(() => t.close())
        return t
      },
      { warm: true },
    ],
    [
      'UpstashRestTransport',
      () => new UpstashRestTransport({ url: upstash.url, token: TOKEN }),
      { warm: false, profile: 'upstash' },
    ],
  ]

const signal = () => AbortSignal.timeout(5_000)

describe.each(TRANSPORTS)('the RedisTransport port: %s', (_name, make, expected) => {
  it('answers a list of commands with one reply each, in order; a refused command is a reply', async () => {
    const t = make()
    const replies = await t.send([['PING'], ['ECHO', 'x-1'], ['NOSUCHCOMMAND']], {
      signal: signal(),
    })
    expect(replies).toHaveLength(3)
    expect(replies[0]).toEqual({ ok: true, value: 'PONG' })
    expect(replies[1]).toEqual({ ok: true, value: 'x-1' })
    expect(replies[2]).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^ERR unknown command/),
    })
  })

  it('rejects with TimeoutError when the signal has aborted', async () => {
    const t = make()
    const controller = new AbortController()
    controller.abort(new TimeoutError('scrape deadline of 0s exceeded'))
    await expect(t.send([['PING']], { signal: controller.signal })).rejects.toBeInstanceOf(
      TimeoutError
    )
  })

  it('offers connect and a connection id exactly when it keeps a connection warm, and its profile', async () => {
    const t = make()
    expect(t.profile).toBe(expected.profile)
    expect(t.connect === undefined).toBe(!expected.warm)
    expect(t.connectionId === undefined).toBe(!expected.warm)
    if (!t.connect || !t.connectionId) return
    expect(await t.connect({ signal: signal() })).toBe(true) // a new connection
    const id = t.connectionId()
    expect(await t.connect({ signal: signal() })).toBe(false) // the warm one, reused
    expect(t.connectionId()).toBe(id)
  })
})

describe('the port types', () => {
  it('sends commands and gets replies under a signal', () => {
    expectTypeOf<RedisTransport['send']>().parameters.toEqualTypeOf<
      [readonly Command[], SendOptions]
    >()
    expectTypeOf<RedisTransport['send']>().returns.resolves.toEqualTypeOf<Reply[]>()
    expectTypeOf<SendOptions['signal']>().toEqualTypeOf<AbortSignal>()
    expectTypeOf<TransportProfile>().toEqualTypeOf<'upstash'>()
    expectTypeOf<UpstashRestTransport['profile']>().toEqualTypeOf<TransportProfile>()
  })
})
