import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Harness, HarnessScrape } from '../helpers/exporter-harness'
import { exporterHarness } from '../helpers/exporter-harness'
import type { FaultMode, FaultOptions, FaultProxy } from '../helpers/fault-proxy'
import { startFaultProxy } from '../helpers/fault-proxy'
import { sampleValue } from '../helpers/prom-text'
import type { RedisServer } from '../helpers/redis-server'
import { startRedis } from '../helpers/redis-server'

/** The scrape deadline every fault runs under, and the slack allowed past it on a busy machine. */
const DEADLINE_S = 1
const SLACK_MS = 400

function lastError(scrape: HarnessScrape): string {
  const samples = scrape.families.get('redis_exporter_last_scrape_error')?.samples ?? []
  return samples[0]?.labels['err'] ?? '<none>'
}

function expectDown(scrape: HarnessScrape, error: RegExp): void {
  expect(sampleValue(scrape.families, 'redis_up')).toBe(0)
  expect(lastError(scrape)).toMatch(error)
  expect(scrape.ms).toBeLessThan(DEADLINE_S * 1000 + SLACK_MS)
}

function expectUp(scrape: HarnessScrape): void {
  expect(sampleValue(scrape.families, 'redis_up'), lastError(scrape)).toBe(1)
  expect(lastError(scrape)).toBe('')
}

/** TCP sockets this process holds (libuv handles), to check that failures leak none. */
function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length
}

async function settle(check: () => boolean, ms = 2_000): Promise<boolean> {
  const deadline = Date.now() + ms
  while (!check() && Date.now() < deadline) await sleep(20)
  return check()
}

describe('faults between the exporter and Redis (fault-injecting proxy)', () => {
  let redis: RedisServer
  let proxy: FaultProxy
  let exporter: Harness

  beforeAll(async () => {
    // With a password, a hang can also hit the connect (AUTH), as on managed services.
    redis = await startRedis({ password: 'fault-pw-5e' })
  })
  afterAll(async () => {
    await redis?.stop()
  })
  afterEach(async () => {
    await exporter?.close()
    await proxy?.stop()
  })

  const setup = async (env: Record<string, string> = {}) => {
    proxy = await startFaultProxy({ upstreamPort: redis.port })
    exporter = exporterHarness({
      REDIS_ADDR: proxy.url,
      REDIS_PASSWORD: 'fault-pw-5e',
      REDIS_EXPORTER_SCRAPE_TIMEOUT: `${DEADLINE_S}s`,
      REDIS_EXPORTER_CONNECTION_TIMEOUT: `${DEADLINE_S}s`,
      ...env,
    })
  }

  it.each<[string, FaultMode, FaultOptions, RegExp, boolean]>([
    [
      'accepts the connection and never replies',
      'silent',
      {},
      /^scrape deadline of 1s exceeded/,
      false,
    ],
    [
      'drops every packet (blackhole) on the warm connection',
      'blackhole',
      {},
      /^scrape deadline of 1s exceeded/,
      true,
    ],
    [
      'replies slower than the deadline',
      'slow',
      { delayMs: 3_000 },
      /^scrape deadline of 1s exceeded/,
      true,
    ],
    [
      'closes the connection in the middle of a reply',
      'close-mid-reply',
      { cutAfterBytes: 100 },
      /^Redis closed the connection before all replies arrived$/,
      true,
    ],
    [
      'answers with bytes that are not RESP',
      'garbage',
      {},
      /^not a Redis reply: Unknown RESP type 72 "H" \(is the target a Redis port\?\)$/,
      false,
    ],
    [
      'sends an enormous INFO (a 1 GiB bulk string)',
      'huge-reply',
      { hugeBytes: 1024 ** 3 },
      /^reply larger than 16777216 bytes; connection dropped/,
      true,
    ],
  ])(
    'when Redis %s: redis_up 0 within the deadline, twice, then recovers by itself',
    async (_what, mode, opts, error, warm) => {
      await setup()
      const handlesBefore = tcpHandles()
      if (warm) expectUp(await exporter.scrape())
      proxy.setMode(mode, opts)
      const heapBefore = process.memoryUsage().heapUsed
      for (let i = 0; i < 2; i++) expectDown(await exporter.scrape(), error)
      // Each failure destroys its connection: none piles up on either side.
      expect(await settle(() => proxy.openConnections() <= 1)).toBe(true)
      if (mode === 'huge-reply') {
        // The reply is cut at the cap; the process never buffered anything near the 1 GiB announced.
        expect(proxy.hugeBytesSent()).toBeLessThan(256 * 1024 * 1024)
        expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(128 * 1024 * 1024)
      }
      proxy.setMode('pass')
      const recovered = await exporter.scrape()
      expectUp(recovered)
      expect(sampleValue(recovered.families, 'redis_db_keys', { db: 'db0' })).toBe(0)
      await exporter.close()
      expect(await settle(() => proxy.openConnections() === 0)).toBe(true)
      expect(await settle(() => tcpHandles() <= handlesBefore)).toBe(true)
    }
  )

  it('answers within the deadline when the proxy hangs even the connect (TCP accepted, nothing else)', async () => {
    await setup()
    proxy.setMode('silent')
    const results = await Promise.all([exporter.scrape(), exporter.scrape(), exporter.scrape()])
    // The connection timeout equals the deadline: the deadline, armed first, is the reason given,
    // to every scrape alike, with the phase that hung (TCP was accepted; AUTH never answered).
    for (const r of results) {
      expectDown(
        r,
        /^scrape deadline of 1s exceeded before Redis answered \(.*\), while connecting \(AUTH\/SELECT did not complete: /
      )
      expect(lastError(r)).toBe(lastError(results[0]!))
    }
    // Concurrent scrapes share one connection attempt.
    expect(proxy.accepted()).toBe(1)
  })

  it('ends a connect that hangs in AUTH at REDIS_EXPORTER_CONNECTION_TIMEOUT, not at the longer deadline', async () => {
    await setup({ REDIS_EXPORTER_CONNECTION_TIMEOUT: '300ms', REDIS_EXPORTER_SCRAPE_TIMEOUT: '3s' })
    proxy.setMode('silent')
    const scrape = await exporter.scrape()
    expect(sampleValue(scrape.families, 'redis_up')).toBe(0)
    expect(lastError(scrape)).toBe(
      'AUTH/SELECT did not complete within REDIS_EXPORTER_CONNECTION_TIMEOUT (0.3s): the server accepted the connection but did not answer AUTH/HELLO/SELECT (an overloaded server, or a port that is not Redis)'
    )
    expect(scrape.ms).toBeLessThan(3_000)
    proxy.setMode('pass')
    expectUp(await exporter.scrape())
  })
})

describe('Redis restarts between scrapes', () => {
  let first: RedisServer | undefined
  let second: RedisServer | undefined
  let proxy: FaultProxy | undefined
  let exporter: Harness | undefined

  afterAll(async () => {
    await exporter?.close()
    await proxy?.stop()
    await Promise.all([first?.stop(), second?.stop()])
  })

  it('reports the restart window as redis_up 0, then recovers on a new connection and probes the new server again', async () => {
    // The first server has CONFIG renamed away (the exporter learns it is unavailable); the
    // restarted one offers it again: the new run_id makes the exporter probe again at once.
    first = await startRedis({ renameCommands: ['CONFIG'] })
    proxy = await startFaultProxy({ upstreamPort: first.port })
    exporter = exporterHarness({ REDIS_ADDR: proxy.url, REDIS_EXPORTER_SCRAPE_TIMEOUT: '1s' })
    const before = await exporter.scrape()
    expectUp(before)
    expect(
      sampleValue(before.families, 'redis_exporter_collector_available', { collector: 'config' })
    ).toBe(0)
    const runIdBefore = before.snapshot.info['run_id']

    await first.stop()
    const during = await exporter.scrape()
    expectDown(during, /Redis closed the connection/)

    second = await startRedis()
    proxy.setUpstream(second.port)
    const after = await exporter.scrape()
    expectUp(after)
    expect(after.snapshot.info['run_id']).not.toBe(runIdBefore)
    expect(
      sampleValue(after.families, 'redis_exporter_collector_available', { collector: 'config' })
    ).toBe(1)
    expect(sampleValue(after.families, 'redis_config_io_threads')).toBe(1)
  })

  it('recovers in the very scrape after a restart that happened while idle (stale warm connection)', async () => {
    const server = second!
    const warm = await exporter!.scrape()
    expectUp(warm)
    // Closing every connection is what a restart does to an idle client.
    proxy!.dropConnections()
    await sleep(50)
    const next = await exporter!.scrape()
    expectUp(next)
    expect(next.snapshot.info['run_id']).toBe(
      String(await server.command('INFO', 'server')).match(/run_id:(\w+)/)?.[1]
    )
  })
})

describe('a target that refuses or cannot be reached', () => {
  let server: RedisServer
  beforeAll(async () => {
    server = await startRedis({ password: 'right-pw-7d1c' })
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('reports a wrong password as WRONGPASS (an auth failure) without printing it, and recovers once it is fixed', async () => {
    const wrong = exporterHarness({
      REDIS_ADDR: server.url,
      REDIS_PASSWORD: 'wrong-pw-9f2e',
      REDIS_EXPORTER_SCRAPE_TIMEOUT: '1s',
    })
    try {
      for (let i = 0; i < 2; i++) {
        const scrape = await wrong.scrape()
        expectDown(scrape, /^WRONGPASS invalid username-password pair/)
        expect(scrape.snapshot.failure).toBe('auth')
        expect(scrape.text).not.toContain('wrong-pw-9f2e')
      }
      expect(JSON.stringify(wrong.logs)).not.toContain('wrong-pw-9f2e')
    } finally {
      await wrong.close()
    }
    const right = exporterHarness({ REDIS_ADDR: server.url, REDIS_PASSWORD: 'right-pw-7d1c' })
    try {
      const scrape = await right.scrape()
      expectUp(scrape)
      expect(scrape.text).not.toContain('right-pw-7d1c')
    } finally {
      await right.close()
    }
  })

  it('reports a host name that does not resolve (RFC 2606 .invalid) within the deadline', async () => {
    const exporter = exporterHarness({
      REDIS_ADDR: 'redis://no-such-host.invalid:6379',
      REDIS_EXPORTER_SCRAPE_TIMEOUT: '1s',
    })
    try {
      for (let i = 0; i < 2; i++) {
        const scrape = await exporter.scrape()
        expectDown(
          scrape,
          /^cannot resolve the target host: getaddrinfo (ENOTFOUND|EAI_AGAIN) no-such-host\.invalid$/
        )
      }
    } finally {
      await exporter.close()
    }
  })
})
