import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { TimeoutError } from '../../../lib/errors'
import { parseConfig } from '../../../lib/config'
import { IoredisTransport, ioredisOptions } from '../../../lib/transport/ioredis'
import type { FakeCommand, FakeRespServer } from '../../helpers/fake-resp-server'
import { startFakeRespServer } from '../../helpers/fake-resp-server'
import type { RedisServer } from '../../helpers/redis-server'
import { startRedis } from '../../helpers/redis-server'
import type { ClientKind } from '../../helpers/redis-client'
import { CLIENT_KINDS, newClient } from '../../helpers/redis-client'

const PASSWORD = 'connect-pw-4b1e'

let fake: FakeRespServer | undefined
const transports: IoredisTransport[] = []
afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()))
  await fake?.stop()
  fake = undefined
})

/** A transport as functions/ builds it over `kind`'s client, for REDIS_ADDR=`addr`. */
function transportFor(
  kind: ClientKind,
  addr: string,
  env: Record<string, string> = {}
): IoredisTransport {
  const config = parseConfig({ REDIS_ADDR: addr, ...env })
  const target = config.target!
  const t = new IoredisTransport(
    () => newClient(ioredisOptions(target, config), kind),
    [config.password],
    { connectTimeoutMs: config.connectTimeoutSeconds * 1000 }
  )
  transports.push(t)
  return t
}

/** connect() under a deadline of `deadlineMs`: what it rejected with, and after how long. */
async function connectFailure(
  t: IoredisTransport,
  deadlineMs: number
): Promise<{ error: Error; ms: number }> {
  const started = Date.now()
  const signal = AbortSignal.timeout(deadlineMs)
  const error = await t.connect({ signal }).then(
    () => new Error('connected'),
    (err: unknown) => err as Error
  )
  return { error, ms: Date.now() - started }
}

const hangOnAuth = (command: FakeCommand) => (command[0] === 'AUTH' ? 'hang' : undefined)

// Every case for both clients behind the transport: ioredis (Node server) and the lean one.
describe.each(CLIENT_KINDS)('%s client', (kind) => {
  describe('REDIS_EXPORTER_CONNECTION_TIMEOUT bounds TCP + TLS + AUTH/SELECT together', () => {
    it.each<[string, { silent?: boolean; hang?: boolean }]>([
      ['accepts TCP and never reads anything', { silent: true }],
      ['reads AUTH and never answers it', { hang: true }],
    ])(
      'a server that %s: the connect fails at the timeout, naming AUTH/SELECT',
      async (_w, how) => {
        fake = await startFakeRespServer({
          handler: how.hang ? hangOnAuth : () => undefined,
          ...(how.silent ? { silent: true } : {}),
        })
        const t = transportFor(kind, fake.url, {
          REDIS_PASSWORD: PASSWORD,
          REDIS_EXPORTER_CONNECTION_TIMEOUT: '300ms',
        })
        const { error, ms } = await connectFailure(t, 10_000)
        expect(error).toBeInstanceOf(TimeoutError)
        expect(error.message).toBe(
          'AUTH/SELECT did not complete within REDIS_EXPORTER_CONNECTION_TIMEOUT (0.3s): the server accepted the connection but did not answer AUTH/HELLO/SELECT (an overloaded server, or a port that is not Redis)'
        )
        expect(error.message).not.toContain(PASSWORD)
        // The connection timeout ended it, long before the 10 s deadline.
        expect(ms).toBeLessThan(5_000)
        if (how.hang) expect(fake.commands.map((c) => c[0])).toEqual(['AUTH'])
      }
    )

    it('rediss:// to a plaintext server that never answers: the TLS handshake is named, with the fix', async () => {
      fake = await startFakeRespServer({ handler: () => undefined, silent: true })
      const t = transportFor(kind, `rediss://127.0.0.1:${fake.port}`, {
        REDIS_EXPORTER_CONNECTION_TIMEOUT: '300ms',
      })
      const { error, ms } = await connectFailure(t, 10_000)
      expect(error.message).toBe(
        'TLS handshake did not complete within REDIS_EXPORTER_CONNECTION_TIMEOUT (0.3s): is this port plaintext? use redis:// instead of rediss://'
      )
      expect(ms).toBeLessThan(5_000)
      // The TLS ClientHello reached the plaintext port.
      expect(fake.bytesReceived()).toBeGreaterThan(0)
    })

    it('a deadline shorter than the connection timeout wins, and still names the phase', async () => {
      fake = await startFakeRespServer({ handler: hangOnAuth })
      const t = transportFor(kind, fake.url, {
        REDIS_PASSWORD: PASSWORD,
        REDIS_EXPORTER_CONNECTION_TIMEOUT: '10s',
      })
      const { error } = await connectFailure(t, 200)
      expect(error).toBeInstanceOf(TimeoutError)
      expect(error.message).toMatch(
        /^scrape deadline exceeded before Redis answered, while connecting \(AUTH\/SELECT did not complete: /
      )
    })
  })

  describe('concurrent connects share one attempt', () => {
    it('gives every waiter its own deadline text when they all give up (no "connection closed")', async () => {
      fake = await startFakeRespServer({ handler: hangOnAuth })
      const t = transportFor(kind, fake.url, {
        REDIS_PASSWORD: PASSWORD,
        REDIS_EXPORTER_CONNECTION_TIMEOUT: '300ms',
      })
      // Each waiter's deadline is armed before its connect() call and equals the connection timeout.
      const waiters = [0, 1, 2].map((i) => {
        const controller = new AbortController()
        const reason = new TimeoutError(`deadline of waiter ${i}`)
        setTimeout(() => controller.abort(reason), 300)
        return t.connect({ signal: controller.signal }).then(
          () => 'connected',
          (err: unknown) => (err as Error).message
        )
      })
      const messages = await Promise.all(waiters)
      messages.forEach((m, i) =>
        expect(m).toMatch(
          new RegExp(`^deadline of waiter ${i}, while connecting \\(AUTH/SELECT did not complete: `)
        )
      )
      expect(fake.accepted()).toBe(1)
    })

    it('keeps the attempt for the waiters still inside their deadline when one gives up', async () => {
      fake = await startFakeRespServer({
        handler: (command, socket) => {
          if (command[0] !== 'AUTH') return undefined
          setTimeout(() => socket.write('+OK\r\n'), 400)
          return 'hang'
        },
      })
      const t = transportFor(kind, fake.url, { REDIS_PASSWORD: PASSWORD })
      const impatient = connectFailure(t, 100)
      const patient = t.connect({ signal: AbortSignal.timeout(10_000) })
      expect((await impatient).error.message).toMatch(/^scrape deadline exceeded .*AUTH\/SELECT/)
      await expect(patient).resolves.toBe(true)
      expect(fake.accepted()).toBe(1)
      // The connection is ready and reused.
      await expect(t.connect({ signal: AbortSignal.timeout(1_000) })).resolves.toBe(false)
    })

    it('opens a new connection on the next call once every waiter gave up', async () => {
      fake = await startFakeRespServer({ handler: hangOnAuth })
      const t = transportFor(kind, fake.url, {
        REDIS_PASSWORD: PASSWORD,
        REDIS_EXPORTER_CONNECTION_TIMEOUT: '200ms',
      })
      await connectFailure(t, 10_000)
      await connectFailure(t, 10_000)
      expect(fake.accepted()).toBe(2)
    })
  })

  describe('rediss:// to a real plaintext redis-server', () => {
    let redis: RedisServer
    beforeAll(async () => {
      redis = await startRedis()
    })
    afterAll(async () => {
      await redis?.stop()
    })

    it('names the TLS handshake and tells to use redis://', async () => {
      const t = transportFor(kind, `rediss://127.0.0.1:${redis.port}`, {
        REDIS_EXPORTER_CONNECTION_TIMEOUT: '500ms',
      })
      const { error } = await connectFailure(t, 10_000)
      // Redis 7 reads the ClientHello as the start of an inline command and waits for the rest.
      expect(error.message).toBe(
        'TLS handshake did not complete within REDIS_EXPORTER_CONNECTION_TIMEOUT (0.5s): is this port plaintext? use redis:// instead of rediss://'
      )
    })
  })
})
