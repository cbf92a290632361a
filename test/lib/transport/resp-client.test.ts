import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../../../lib/config'
import { IoredisTransport, ioredisOptions } from '../../../lib/transport/ioredis'
import { RespClient } from '../../../lib/transport/resp-client'
import type { RespClientOptions } from '../../../lib/transport/resp-client'
import { nodeRespSocket } from '../../../functions/resp-socket'
import type { Command, Reply } from '../../../lib/types'
import type { ClientKind } from '../../helpers/redis-client'
import { CLIENT_KINDS, newClient } from '../../helpers/redis-client'
import type { RedisServer } from '../../helpers/redis-server'
import { startRedis } from '../../helpers/redis-server'
import type { ReplayProxy } from '../../helpers/replay-proxy'
import { startReplayProxy } from '../../helpers/replay-proxy'
import { freePort } from '../../helpers/free-port'
import type { FakeAnswer, FakeCommand, FakeRespServer } from '../../helpers/fake-resp-server'
import { redisLikeHandler, startFakeRespServer } from '../../helpers/fake-resp-server'
import type { TestPki } from '../../helpers/tls-certs'
import { createTestPki, opensslBinary, redisTlsArgs } from '../../helpers/tls-certs'

const PASSWORD = 'lean-pw-71c2e9'
const USER_PASSWORD = 'acl-user-pw-5d02'

const transports: IoredisTransport[] = []
afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()))
})

/** The transport as functions/ builds it, over `kind`'s client. */
function transport(kind: ClientKind, env: Record<string, string>): IoredisTransport {
  const config = parseConfig(env)
  const target = config.target!
  const t = new IoredisTransport(
    () => newClient(ioredisOptions(target, config), kind),
    [config.password, USER_PASSWORD],
    { connectTimeoutMs: 5_000 }
  )
  transports.push(t)
  return t
}

const send = (t: IoredisTransport, commands: readonly Command[]) =>
  t.send(commands, { signal: AbortSignal.timeout(10_000) })

/** Errors nested in values compared by class name and message (each client has its own class). */
function plain(value: unknown): unknown {
  if (value instanceof Error) return { error: value.name, message: value.message }
  if (Array.isArray(value)) return value.map(plain)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]))
  }
  return value
}

/** Lua that returns every shape a script can: nested arrays, nil, an error, and RESP3 types. */
const NESTED = "return {1, {2, 'three', {}}, false, redis.error_reply('ERR nested'), 'x'}"
const RESP3_TYPES =
  "redis.setresp(3); return {{double=3.5}, {map={a=1}}, {set={x=true}}, {big_number='123456789012345678901234567890'}, {verbatim_string={format='txt', string='hi'}}, true, false}"

/** What the collector sends (lib/collect), one pipeline each, then all of them in one. */
const PIPELINES: [string, Command[]][] = [
  ['INFO ALL', [['INFO', 'ALL']]],
  ['INFO default commandstats', [['INFO', 'default', 'commandstats']]],
  [
    'LATENCY HISTOGRAM and LATEST',
    [
      ['LATENCY', 'HISTOGRAM'],
      ['LATENCY', 'LATEST'],
    ],
  ],
  [
    'SLOWLOG GET and LEN',
    [
      ['SLOWLOG', 'GET', '128'],
      ['SLOWLOG', 'LEN'],
    ],
  ],
  ['CONFIG GET *', [['CONFIG', 'GET', '*']]],
  [
    'CLIENT SETNAME then LIST',
    [
      ['CLIENT', 'SETNAME', 'redis_exporter'],
      ['CLIENT', 'LIST'],
    ],
  ],
  ['XINFO STREAM', [['XINFO', 'STREAM', 'events']]],
  ['CLUSTER INFO on a non-cluster (an error reply)', [['CLUSTER', 'INFO']]],
  [
    'MEMORY USAGE, TYPE, SCAN',
    [
      ['MEMORY', 'USAGE', 'k1'],
      ['TYPE', 'k1'],
      ['SCAN', '0', 'COUNT', '100'],
    ],
  ],
  ['an unknown command', [['NOSUCHCOMMAND', 'x']]],
  ['EVAL nested arrays, nil and an error', [['EVAL', NESTED, '0']]],
  ['EVAL RESP3 types', [['EVAL', RESP3_TYPES, '0']]],
]
const EVERYTHING: Command[] = PIPELINES.flatMap(([, commands]) => commands)

describe('the lean client reads what ioredis reads (same bytes from a real redis-server)', () => {
  let redis: RedisServer
  let proxy: ReplayProxy
  beforeAll(async () => {
    redis = await startRedis({ args: ['--enable-debug-command', 'yes'] })
    for (const args of [
      ['CONFIG', 'SET', 'slowlog-log-slower-than', '0'],
      ['CONFIG', 'SET', 'latency-monitor-threshold', '1'],
      ['DEBUG', 'SLEEP', '0.01'],
      ['SET', 'k1', 'v'.repeat(100)],
      ['XADD', 'events', '*', 'kind', 'a'],
      ['XADD', 'events', '*', 'kind', 'é🙂'],
    ]) {
      await redis.command(...args)
    }
    proxy = await startReplayProxy(redis.port)
  })
  afterAll(async () => {
    await proxy?.stop()
    await redis?.stop()
  })

  describe.each(['2', '3'])('REDIS_EXPORTER_PROTOCOL=%s', (protocol) => {
    const env = () => ({
      REDIS_ADDR: `redis://127.0.0.1:${proxy.port}`,
      REDIS_EXPORTER_PROTOCOL: protocol,
    })
    it.each([...PIPELINES, ['everything in one pipeline', EVERYTHING] as [string, Command[]]])(
      '%s',
      async (_name, commands) => {
        const before = proxy.replayed()
        const lean = await send(transport('lean', env()), commands)
        const ioredis = await send(transport('ioredis', env()), commands)
        // ioredis read the bytes the lean client read, handshake included.
        expect(proxy.replayed() - before).toBeGreaterThanOrEqual(commands.length)
        expect(plain(lean)).toEqual(plain(ioredis))
        expect(lean).toHaveLength(commands.length)
      }
    )

    it('a password for a server that has none: both go on (the AUTH error is ignored)', async () => {
      const env = { REDIS_ADDR: `redis://127.0.0.1:${redis.port}`, REDIS_PASSWORD: 'unneeded' }
      const outcomes = await Promise.all(
        CLIENT_KINDS.map((kind) =>
          send(transport(kind, { ...env, REDIS_EXPORTER_PROTOCOL: protocol }), [['PING']]).then(
            (replies) => replies,
            (err: Error) => err.message
          )
        )
      )
      expect(outcomes).toEqual([[{ ok: true, value: 'PONG' }], [{ ok: true, value: 'PONG' }]])
    })

    it('gives the shapes lib/parse expects', async () => {
      const replies = await send(transport('lean', env()), [
        ['INFO', 'ALL'],
        ['CLUSTER', 'INFO'],
        ['EVAL', NESTED, '0'],
        ['CONFIG', 'GET', 'maxmemory*'],
      ])
      const [info, cluster, nested, config] = replies as [Reply, Reply, Reply, Reply]
      expect(info.ok && String(info.value)).toMatch(/^# Server\r\nredis_version:/)
      expect(cluster).toEqual({
        ok: false,
        error: expect.stringMatching(/cluster support disabled/),
      })
      expect(plain(nested)).toEqual({
        ok: true,
        value: [1, [2, 'three', []], null, { error: 'ReplyError', message: 'ERR nested' }, 'x'],
      })
      expect(config.ok && config.value).toEqual(expect.arrayContaining(['maxmemory', '0']))
    })
  })
})

describe('AUTH, ACL users and SELECT, both protocols', () => {
  let redis: RedisServer
  beforeAll(async () => {
    redis = await startRedis({ password: PASSWORD })
    await redis.command('ACL', 'SETUSER', 'exporter', 'on', `>${USER_PASSWORD}`, '+@all', '~*')
    await redis.command('SELECT', '3')
  })
  afterAll(async () => {
    await redis?.stop()
  })

  const cases: [string, (port: number) => Record<string, string>, RegExp | undefined][] = [
    [
      'the password',
      (p) => ({ REDIS_ADDR: `redis://127.0.0.1:${p}`, REDIS_PASSWORD: PASSWORD }),
      undefined,
    ],
    [
      'an ACL user and password',
      (p) => ({
        REDIS_ADDR: `redis://127.0.0.1:${p}`,
        REDIS_USER: 'exporter',
        REDIS_PASSWORD: USER_PASSWORD,
      }),
      undefined,
    ],
    [
      'a wrong password',
      (p) => ({ REDIS_ADDR: `redis://127.0.0.1:${p}`, REDIS_PASSWORD: 'wrong' }),
      /WRONGPASS/,
    ],
    [
      'an ACL user with a wrong password',
      (p) => ({
        REDIS_ADDR: `redis://127.0.0.1:${p}`,
        REDIS_USER: 'exporter',
        REDIS_PASSWORD: 'wrong',
      }),
      /WRONGPASS/,
    ],
    ['no password', (p) => ({ REDIS_ADDR: `redis://127.0.0.1:${p}` }), /NOAUTH/],
    [
      'a user and no password',
      (p) => ({ REDIS_ADDR: `redis://127.0.0.1:${p}`, REDIS_USER: 'default' }),
      /WRONGPASS/,
    ],
  ]

  describe.each(['2', '3'])('REDIS_EXPORTER_PROTOCOL=%s', (protocol) => {
    it.each(cases)('with %s: both clients agree', async (_name, env, failure) => {
      const outcomes = await Promise.all(
        CLIENT_KINDS.map((kind) =>
          send(transport(kind, { ...env(redis.port), REDIS_EXPORTER_PROTOCOL: protocol }), [
            ['PING'],
            ['ACL', 'WHOAMI'],
          ]).then(
            (replies) => ({ replies }),
            (err: Error) => ({ error: `${err.name}: ${err.message}` })
          )
        )
      )
      expect(outcomes[0]).toEqual(outcomes[1])
      const [lean] = outcomes as [{ replies?: Reply[]; error?: string }]
      if (failure) {
        // NOAUTH comes as a reply to PING (the connect needs no AUTH), WRONGPASS fails the connect.
        expect(JSON.stringify(lean)).toMatch(failure)
        expect(JSON.stringify(lean)).not.toContain('wrong')
      } else {
        expect(lean.replies?.[0]).toEqual({ ok: true, value: 'PONG' })
      }
    })

    it('selects the database of the address (/3)', async () => {
      for (const kind of CLIENT_KINDS) {
        const t = transport(kind, {
          REDIS_ADDR: `redis://127.0.0.1:${redis.port}/3`,
          REDIS_PASSWORD: PASSWORD,
          REDIS_EXPORTER_PROTOCOL: protocol,
        })
        const [info] = await send(t, [['CLIENT', 'INFO']])
        expect(info?.ok && String(info.value)).toMatch(/ db=3 /)
      }
    })
  })
})

describe.skipIf(!opensslBinary())('TLS (rediss://), both protocols', () => {
  let pki: TestPki
  let redis: RedisServer
  let tlsPort: number
  beforeAll(async () => {
    pki = createTestPki()
    tlsPort = await freePort()
    redis = await startRedis({ password: PASSWORD, args: redisTlsArgs(pki, tlsPort) })
  })
  afterAll(async () => {
    await redis?.stop()
    pki?.cleanup()
  })

  it.each(['2', '3'])(
    'protocol %s: verifies the server with the CA, then answers',
    async (protocol) => {
      for (const kind of CLIENT_KINDS) {
        const t = transport(kind, {
          REDIS_ADDR: `rediss://localhost:${tlsPort}`,
          REDIS_PASSWORD: PASSWORD,
          REDIS_EXPORTER_TLS_CA_CERT: pki.ca.cert,
          REDIS_EXPORTER_PROTOCOL: protocol,
        })
        const [ping, info] = await send(t, [['PING'], ['INFO', 'server']])
        expect(ping).toEqual({ ok: true, value: 'PONG' })
        expect(info?.ok && String(info.value)).toContain(`tcp_port:${redis.port}`)
      }
    }
  )

  it('without the CA: both clients fail with the same certificate error', async () => {
    const errors = await Promise.all(
      CLIENT_KINDS.map((kind) =>
        send(
          transport(kind, {
            REDIS_ADDR: `rediss://localhost:${tlsPort}`,
            REDIS_PASSWORD: PASSWORD,
          }),
          [['PING']]
        ).then(
          () => 'connected',
          (err: Error) => err.message
        )
      )
    )
    expect(errors[0]).toMatch(
      /^TLS certificate not accepted: self-signed certificate in certificate chain/
    )
    expect(errors[0]).toBe(errors[1])
  })
})

describe('handshake and failure edge cases on a scripted server: both clients behave alike', () => {
  let fake: FakeRespServer | undefined
  afterEach(async () => {
    await fake?.stop()
    fake = undefined
  })

  /** Each client in turn: what the server received, and the outcome of one pipeline. */
  async function outcomes(
    handler: (command: FakeCommand) => FakeAnswer,
    env: Record<string, string>,
    commands: readonly Command[] = [['PING']],
    db = ''
  ) {
    const out = []
    for (const kind of CLIENT_KINDS) {
      fake = await startFakeRespServer({ handler })
      const t = transport(kind, { REDIS_ADDR: `${fake.url}${db}`, ...env })
      const result = await send(t, commands).then(
        (replies) => ({ replies: plain(replies) }),
        (err: Error) => ({ error: `${err.name}: ${err.message}` })
      )
      out.push({ received: [...fake.commands], result })
      await t.close()
      await fake.stop()
      fake = undefined
    }
    expect(out[0]).toEqual(out[1])
    return out[0]!
  }

  const base = redisLikeHandler({ info: '# Server\r\nredis_version:5.0.14\r\n' })

  it('protocol 3 on a server without HELLO (Redis 5): falls back to AUTH, SELECT on RESP2', async () => {
    const { received, result } = await outcomes(
      base,
      { REDIS_EXPORTER_PROTOCOL: '3', REDIS_PASSWORD: PASSWORD },
      [['PING']],
      '/2'
    )
    expect(received.map((c) => c[0])).toEqual(['HELLO', 'SELECT', 'AUTH', 'SELECT', 'PING'])
    expect(result).toEqual({ replies: [{ ok: true, value: 'PONG' }] })
  })

  it('a rejected SELECT is not fatal (as in ioredis): the connection answers on', async () => {
    const handler = (c: FakeCommand) =>
      c[0] === 'SELECT' ? { error: 'ERR DB index is out of range' } : base(c)
    const { received, result } = await outcomes(handler, {}, [['PING']], '/7')
    expect(received).toEqual([['SELECT', '7'], ['PING']])
    expect(result).toEqual({ replies: [{ ok: true, value: 'PONG' }] })
  })

  it.each<[string, Command[], string]>([
    [
      'before any reply',
      [['INFO'], ['PING']],
      'Redis closed the connection before all replies arrived',
    ],
    ['after some replies', [['PING'], ['INFO']], 'Command aborted due to connection close'],
  ])('a server that closes the connection %s: the same error', async (_when, commands, error) => {
    const handler = (c: FakeCommand) => (c[0] === 'INFO' ? 'close' : base(c))
    const { result } = await outcomes(handler, {}, commands)
    expect(result).toEqual({ error: `TransportError: ${error}` })
  })

  it('a reply that is not RESP: the same error', async () => {
    const handler = (c: FakeCommand) =>
      c[0] === 'PING' ? { raw: 'HTTP/1.1 400 Bad\r\n\r\n' } : base(c)
    const { result } = await outcomes(handler, {})
    expect(result).toEqual({
      error:
        'TransportError: not a Redis reply: Unknown RESP type 72 "H" (is the target a Redis port?)',
    })
  })

  it('a nested error reply and a RESP3 push among the replies', async () => {
    const handler = (c: FakeCommand) =>
      c[0] === 'EVAL' ? { raw: '>2\r\n+invalidate\r\n*0\r\n*2\r\n-ERR inner\r\n:1\r\n' } : base(c)
    const { result } = await outcomes(handler, {}, [['EVAL', 'x', '0']])
    expect(result).toEqual({
      replies: [{ ok: true, value: [{ error: 'ReplyError', message: 'ERR inner' }, 1] }],
    })
  })
})

describe('RespClient on its own: backstops and misuse', () => {
  let fake: FakeRespServer | undefined
  afterEach(async () => {
    await fake?.stop()
    fake = undefined
  })
  const base = redisLikeHandler({ info: '# Server\r\nredis_version:7.0.0\r\n' })
  const client = (port: number, options: Partial<RespClientOptions> = {}) =>
    new RespClient({ host: '127.0.0.1', port, ...options }, nodeRespSocket)
  const errors = (c: RespClient) => {
    const seen: Error[] = []
    c.on('error', (e) => seen.push(e))
    return seen
  }

  it('a pipeline the server never answers fails at commandTimeout and drops the connection', async () => {
    fake = await startFakeRespServer({ handler: (c) => (c[0] === 'INFO' ? 'hang' : base(c)) })
    const c = client(fake.port, { commandTimeout: 150 })
    const seen = errors(c)
    await c.connect()
    const started = Date.now()
    await expect(c.pipeline([['call', 'INFO']]).exec()).rejects.toThrow('Command timed out')
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(c.status).toBe('end')
    expect(seen.map((e) => e.message)).toEqual(['Command timed out'])
  })

  it('a connect that never completes fails at connectTimeout with a Node-style ETIMEDOUT', async () => {
    fake = await startFakeRespServer({ handler: () => undefined, silent: true })
    const c = client(fake.port, { connectTimeout: 150, password: PASSWORD })
    const seen = errors(c)
    await expect(c.connect()).rejects.toThrow('connect ETIMEDOUT')
    expect((seen[0] as { code?: string }).code).toBe('ETIMEDOUT')
  })

  it('refuses commands before it is ready (no offline queue), and a second connect', async () => {
    fake = await startFakeRespServer({ handler: base })
    const c = client(fake.port)
    await expect(c.pipeline([['PING']]).exec()).rejects.toThrow(/enableOfflineQueue/)
    const connecting = c.connect()
    await expect(c.connect()).rejects.toThrow('Redis is already connecting/connected')
    await connecting
    await expect(c.pipeline([['call', 'PING']]).exec()).resolves.toEqual([[null, 'PONG']])
    c.disconnect()
    expect(c.status).toBe('end')
    await expect(c.pipeline([['PING']]).exec()).rejects.toThrow(/enableOfflineQueue/)
  })

  it('disconnect while connecting fails the connect with "Connection is closed."', async () => {
    fake = await startFakeRespServer({ handler: (c) => (c[0] === 'AUTH' ? 'hang' : base(c)) })
    const c = client(fake.port, { password: PASSWORD })
    const connecting = c.connect()
    await new Promise((r) => setTimeout(r, 50))
    c.disconnect()
    await expect(connecting).rejects.toThrow('Connection is closed.')
  })

  it('a reply no command waits for is a protocol error, not a reply to the next command', async () => {
    fake = await startFakeRespServer({
      handler: (c) => (c[0] === 'PING' ? { raw: '+PONG\r\n+EXTRA\r\n' } : base(c)),
    })
    const c = client(fake.port)
    const seen = errors(c)
    await c.connect()
    await expect(c.pipeline([['PING']]).exec()).resolves.toEqual([[null, 'PONG']])
    await new Promise((r) => setTimeout(r, 50))
    expect(seen.map((e) => e.message)).toEqual([
      'Protocol error: a reply arrived with no command waiting for it',
    ])
    expect(c.status).toBe('end')
  })
})
