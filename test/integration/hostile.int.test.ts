import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  MAX_ERROR_TEXT,
  MAX_PAGE_BYTES,
  MAX_PAGE_SAMPLES,
  MAX_ZERO_FILL_DATABASES,
} from '../../lib/bounds'
import type {
  FakeAnswer,
  FakeCommand,
  FakeReply,
  FakeRespServer,
} from '../helpers/fake-resp-server'
import { encodeReply, redisLikeHandler, startFakeRespServer } from '../helpers/fake-resp-server'
import type { NodeExporter } from '../helpers/node-exporter'
import { startNodeExporter } from '../helpers/node-exporter'
import type { ParsedFamily } from '../helpers/prom-text'
import { parsePromText, sampleValue } from '../helpers/prom-text'
import { realApp } from '../helpers/real-app'

/**
 * Replies a real redis-server cannot be made to send, over RESP from a fake server to the real
 * ioredis transport: the largest the bounds allow (a 15 MiB INFO: the transport takes 16 MiB per
 * round trip), a million-character error, `databases 100000`, two replicas on one ip:port.
 */
const INFO = readFileSync(new URL('../fixtures/parse/info-redis-7.0.txt', import.meta.url), 'utf8')
const CONFIG = {
  maxmemory: '0',
  maxclients: '10000',
  'io-threads': '1',
  'repl-backlog-size': '1048576',
  databases: '16',
}
const MIB = 1024 * 1024

/** The real capture followed by generated lines up to `bytes`. */
function bigInfo(bytes: number, line: (i: number) => string): string {
  const parts = [INFO]
  let length = INFO.length
  for (let i = 0; length < bytes; i++) {
    const l = `${line(i)}\r\n`
    parts.push(l)
    length += l.length
  }
  return parts.join('')
}

/** A reply encoded once, so a fake serving it to many scrapes does not re-encode 15 MiB each time. */
const once = (reply: FakeReply): FakeAnswer => ({ raw: encodeReply(reply) })

/**
 * Commands with 100 latency percentiles each: within the first MAX_INFO_TEXT characters (all that
 * is read of INFO) already more samples than MAX_PAGE_SAMPLES.
 */
const QUANTILES = Array.from({ length: 100 }, (_, q) => `p${q}=1`).join(',')
const MANY_SAMPLES_INFO = once(
  bigInfo(15 * MIB, (i) =>
    i % 2 === 0 ? `cmdstat_c${i}:calls=1,usec=1` : `latency_percentiles_usec_c${i - 1}:${QUANTILES}`
  )
)
/**
 * 1,000 commands of 1,000 characters, each with 30 LATENCY HISTOGRAM buckets: a page far over
 * MAX_PAGE_BYTES (every bucket repeats the name).
 */
const LONG_NAMES = Array.from({ length: 1_000 }, (_, i) => `${'c'.repeat(1_000)}${i}`)
const LONG_NAMES_INFO = once(
  // 14 MiB: with the histogram, one round trip stays within the transport's 16 MiB.
  bigInfo(14 * MIB, (i) => `cmdstat_${LONG_NAMES[i % LONG_NAMES.length]!}:calls=1,usec=${i}`)
)
const BUCKETS = Array.from({ length: 30 }, (_, b) => [2 ** b, b + 1]).flat()
const LONG_NAMES_HISTOGRAM = once(
  LONG_NAMES.flatMap((name) => [name, ['calls', 30, 'histogram_usec', BUCKETS]])
)
const JUNK_INFO = once(bigInfo(15 * MIB, (i) => `f${i}:${i}`))
const REPLICA = 'ip=10.0.0.9,port=6379,state=online'
const DUPLICATE_REPLICAS_INFO = INFO.replace(
  'connected_slaves:0',
  `connected_slaves:2\r\nslave0:${REPLICA},offset=146,lag=0\r\nslave1:${REPLICA},offset=150,lag=1`
)

type Kind =
  | 'huge error'
  | 'databases 100000'
  | 'duplicate replicas'
  | '15 MiB INFO of many samples'
  | '14 MiB INFO and 1 MiB LATENCY HISTOGRAM of long command names'
  | '15 MiB INFO of unknown fields'

const HANDLERS: Record<Kind, (command: FakeCommand) => FakeAnswer> = {
  'huge error': redisLikeHandler({
    info: INFO,
    extra: (c) => (c[0] === 'INFO' ? { error: `ERR ${'x'.repeat(1_000_000)}` } : undefined),
  }),
  'databases 100000': redisLikeHandler({ info: INFO, config: { ...CONFIG, databases: '100000' } }),
  'duplicate replicas': redisLikeHandler({ info: DUPLICATE_REPLICAS_INFO, config: CONFIG }),
  '15 MiB INFO of many samples': redisLikeHandler({
    info: INFO,
    config: CONFIG,
    extra: (c) => (c[0] === 'INFO' ? MANY_SAMPLES_INFO : undefined),
  }),
  '14 MiB INFO and 1 MiB LATENCY HISTOGRAM of long command names': redisLikeHandler({
    info: INFO,
    config: CONFIG,
    extra: (c) =>
      c[0] === 'INFO'
        ? LONG_NAMES_INFO
        : c[0] === 'LATENCY' && c[1]?.toUpperCase() === 'HISTOGRAM'
          ? LONG_NAMES_HISTOGRAM
          : undefined,
  }),
  '15 MiB INFO of unknown fields': redisLikeHandler({
    info: INFO,
    config: CONFIG,
    extra: (c) => (c[0] === 'INFO' ? JUNK_INFO : undefined),
  }),
}

const count = (families: Map<string, ParsedFamily>, name: string) =>
  families.get(name)?.samples.length ?? 0

function totalSamples(families: Map<string, ParsedFamily>): number {
  let n = 0
  for (const f of families.values()) n += f.samples.length
  return n
}

describe('hostile replies, one scrape each (real ioredis transport)', () => {
  const servers: FakeRespServer[] = []
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()))
  })

  async function scrape(kind: Kind) {
    const server = await startFakeRespServer({ handler: HANDLERS[kind] })
    servers.push(server)
    const app = realApp({ REDIS_ADDR: server.url, REDIS_EXPORTER_SCRAPE_TIMEOUT: '60s' })
    try {
      // The second scrape is the warm one (server known, CONFIG cached): the one a target repeats.
      await app.get('/metrics')
      const text = await app.get('/metrics')
      return { text, families: parsePromText(text), logs: app.logs }
    } finally {
      await app.close()
    }
  }

  it('clips a million-character error to MAX_ERROR_TEXT in the label and the log line', async () => {
    const { text, families, logs } = await scrape('huge error')
    expect(sampleValue(families, 'redis_up')).toBe(0)
    const [sample] = families.get('redis_exporter_last_scrape_error')?.samples ?? []
    expect(sample?.labels['err']).toHaveLength(MAX_ERROR_TEXT)
    expect(sample?.labels['err']?.startsWith('ERR xxx')).toBe(true)
    expect(Buffer.byteLength(text)).toBeLessThan(4_096)
    const failed = logs.filter((l) => l['msg'] === 'scrape failed')
    expect(failed.length).toBeGreaterThan(0)
    for (const entry of logs) expect(JSON.stringify(entry).length).toBeLessThan(2_048)
  })

  it('zero-fills at most MAX_ZERO_FILL_DATABASES databases for databases 100000', async () => {
    const { text, families } = await scrape('databases 100000')
    expect(sampleValue(families, 'redis_up')).toBe(1)
    expect(count(families, 'redis_db_keys')).toBe(MAX_ZERO_FILL_DATABASES)
    expect(count(families, 'redis_db_keys_expiring')).toBe(MAX_ZERO_FILL_DATABASES)
    expect(sampleValue(families, 'redis_db_keys', { db: 'db0' })).toBe(15)
    expect(Buffer.byteLength(text)).toBeLessThan(100_000)
    expect(sampleValue(families, 'redis_exporter_last_scrape_truncated_samples')).toBe(0)
  })

  it('writes one series for two replicas announcing the same ip:port', async () => {
    const { families } = await scrape('duplicate replicas')
    const labels = { slave_ip: '10.0.0.9', slave_port: '6379', slave_state: 'online' }
    expect(count(families, 'redis_connected_slave_offset_bytes')).toBe(1)
    expect(sampleValue(families, 'redis_connected_slave_offset_bytes', labels)).toBe(146)
    expect(count(families, 'redis_connected_slave_lag_seconds')).toBe(1)
    expect(sampleValue(families, 'redis_exporter_last_scrape_duplicate_samples')).toBe(2)
  })

  it.each<[Kind, number]>([
    ['15 MiB INFO of many samples', MAX_PAGE_SAMPLES],
    ['14 MiB INFO and 1 MiB LATENCY HISTOGRAM of long command names', 20_000],
  ])('cuts the page of a %s at the caps and says how much it left out', async (kind, most) => {
    const { text, families } = await scrape(kind)
    expect(sampleValue(families, 'redis_up')).toBe(1)
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_PAGE_BYTES)
    expect(totalSamples(families)).toBeLessThanOrEqual(most)
    expect(sampleValue(families, 'redis_exporter_last_scrape_truncated_samples')).toBeGreaterThan(0)
    expect(sampleValue(families, 'redis_exporter_last_scrape_error', { err: '' })).toBe(0)
  })

  it('reads a 15 MiB INFO of unknown fields only up to MAX_INFO_LINES and answers a small page', async () => {
    const { text, families } = await scrape('15 MiB INFO of unknown fields')
    expect(sampleValue(families, 'redis_up')).toBe(1)
    expect(sampleValue(families, 'redis_connected_clients')).toBe(1)
    expect(Buffer.byteLength(text)).toBeLessThan(100_000)
  })
})

describe('the Node server while hostile targets are scraped', () => {
  /** Concurrent scrapes per kind; each its own fake server, so no two share one collection. */
  const MIX: readonly [Kind, number][] = [
    ['15 MiB INFO of many samples', 4],
    ['14 MiB INFO and 1 MiB LATENCY HISTOGRAM of long command names', 2],
    ['15 MiB INFO of unknown fields', 2],
    ['databases 100000', 4],
    ['huge error', 4],
    ['duplicate replicas', 4],
  ]
  const servers: [Kind, FakeRespServer][] = []
  const HEALTH_WAIT_MS = 5_000
  let exporter: NodeExporter

  beforeAll(async () => {
    for (const [kind, n] of MIX) {
      for (let i = 0; i < n; i++) {
        servers.push([kind, await startFakeRespServer({ handler: HANDLERS[kind] })])
      }
    }
    exporter = await startNodeExporter({
      REDIS_ADDR: '',
      REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: '127.0.0.1',
      REDIS_EXPORTER_SCRAPE_TIMEOUT: '60s',
    })
  })
  afterAll(async () => {
    await exporter?.stop()
    await Promise.all(servers.map(([, s]) => s.stop()))
  })

  // Before the bounds, /health waited 6 to 20 s behind these scrapes. The probe's wait is a few
  // seconds, not one, because the fake servers share this test process (and the machine's cores)
  // with the rest of the suite; the median shows the exporter itself stays responsive.
  it('answers /health promptly all along 20 concurrent scrapes, twice over', async () => {
    const latencies: number[] = []
    let scraping = true
    const probe = (async () => {
      while (scraping) {
        const started = Date.now()
        // The bounded liveness wait: a /health slower than this counts as not answered.
        const ok = await fetch(`${exporter.url}/health`, {
          signal: AbortSignal.timeout(HEALTH_WAIT_MS),
        })
          .then(async (res) => (await res.text()) === 'ok')
          .catch(() => false)
        latencies.push(ok ? Date.now() - started : Infinity)
        await new Promise((r) => setTimeout(r, 50))
      }
    })()
    const pages: [Kind, string][] = []
    try {
      for (let round = 0; round < 2; round++) {
        await Promise.all(
          servers.map(async ([kind, server]) => {
            const target = encodeURIComponent(server.url)
            const res = await fetch(`${exporter.url}/scrape?target=${target}`)
            expect(res.status).toBe(200)
            pages.push([kind, await res.text()])
          })
        )
      }
    } finally {
      scraping = false
      await probe
    }
    expect(pages).toHaveLength(2 * servers.length)
    for (const [kind, page] of pages) {
      expect(Buffer.byteLength(page), kind).toBeLessThanOrEqual(MAX_PAGE_BYTES)
      const up = sampleValue(parsePromText(page), 'redis_up')
      expect(up, kind).toBe(kind === 'huge error' ? 0 : 1)
    }
    // The probe ran all along (not only once the scrapes were over), was always answered, and
    // half of its answers came within 1.5 s (on a quiet machine: all within 0.6 s).
    expect(latencies.length).toBeGreaterThanOrEqual(5)
    expect(Math.max(...latencies)).toBeLessThan(HEALTH_WAIT_MS)
    const sorted = [...latencies].sort((a, b) => a - b)
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(1_500)
  }, 120_000)
})
