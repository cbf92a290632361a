import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { get } from 'node:http'
import { gunzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../helpers/free-port'
import { promtoolBinary, promtoolCheck } from '../helpers/promtool'
import type { RedisServer } from '../helpers/redis-server'
import { seedStandardDataset, startRedis } from '../helpers/redis-server'

const ENTRY = fileURLToPath(new URL('../../functions/node.ts', import.meta.url))

/**
 * Names promtool's linter flags that are kept on purpose, because redis_exporter (and therefore
 * existing dashboards and alert rules) uses them, or because prom-client's defaults name them so.
 */
const KEPT_FOR_COMPATIBILITY = new Set([
  'redis_aof_current_rewrite_duration_sec',
  'redis_aof_last_rewrite_duration_sec',
  'redis_current_eviction_exceeded_time_ms',
  'redis_dump_payload_sanitizations',
  'redis_eviction_exceeded_time_ms_total',
  'redis_expire_cycle_cpu_time_ms_total',
  'redis_io_threaded_reads_processed',
  'redis_io_threaded_writes_processed',
  'redis_last_key_groups_scrape_duration_milliseconds',
  'redis_memory_used_vm_total',
  'redis_migrate_cached_sockets_total',
  'redis_rdb_current_bgsave_duration_sec',
  'redis_rdb_last_bgsave_duration_sec',
  'redis_rdb_saves_total',
  'redis_total_error_replies',
  'redis_total_reads_processed',
  'redis_total_writes_processed',
  'redis_unexpected_error_replies',
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
])

type Running = { child: ChildProcess; url: string; output: () => string }

async function startNode(env: Record<string, string>): Promise<Running> {
  const port = await freePort()
  let output = ''
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    env: {
      PATH: process.env['PATH'] ?? '',
      REDIS_EXPORTER_WEB_LISTEN_ADDRESS: `127.0.0.1:${port}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${output}`)
    try {
      if ((await fetch(`${url}/health`)).ok) return { child, url, output: () => output }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  child.kill('SIGKILL')
  throw new Error(`did not start: ${output}`)
}

async function stopNode(r: Running): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) =>
    r.child.once('exit', (code) => resolve(code))
  )
  r.child.kill('SIGTERM')
  return exited
}

describe('functions/node.ts', () => {
  let redis: RedisServer
  beforeAll(async () => {
    redis = await startRedis()
    await seedStandardDataset(redis)
  })
  afterAll(async () => {
    await redis?.stop()
  })

  it('serves Redis and Node process metrics on /metrics, and stops cleanly on SIGTERM', async () => {
    const node = await startNode({ REDIS_ADDR: redis.url })
    try {
      const res = await fetch(`${node.url}/metrics`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
      const body = await res.text()
      expect(body).toContain('\nredis_up 1\n')
      expect(body).toContain('process_cpu_user_seconds_total')
      expect(body).toContain('nodejs_heap_size_used_bytes')
      expect(body).toMatch(
        /redis_exporter_build_info\{version="[^"]+",commit_sha="[^"]*",build_date="[^"]*",runtime_version="node v\d+/
      )
      const scrape = await (
        await fetch(`${node.url}/scrape?target=${encodeURIComponent(redis.url)}`)
      ).text()
      expect(scrape).toContain('\nredis_up 1\n')
      expect(scrape).not.toContain('process_cpu_user_seconds_total')
    } finally {
      expect(await stopNode(node)).toBe(0)
    }
  })

  it.each([
    [{}, 'lean'],
    [{ REDIS_EXPORTER_REDIS_CLIENT: 'lean' }, 'lean'],
    [{ REDIS_EXPORTER_REDIS_CLIENT: 'ioredis' }, 'ioredis'],
  ])('scrapes over the client REDIS_EXPORTER_REDIS_CLIENT names (%j)', async (env, client) => {
    const node = await startNode({ REDIS_ADDR: redis.url, ...env })
    try {
      const listening = node
        .output()
        .split('\n')
        .map((line) => (line.startsWith('{') ? (JSON.parse(line) as Record<string, unknown>) : {}))
        .find((entry) => entry['msg'] === 'listening')
      expect(listening?.['redisClient']).toBe(client)
      for (let i = 0; i < 3; i++) {
        expect(await (await fetch(`${node.url}/metrics`)).text()).toContain('\nredis_up 1\n')
      }
      // One warm connection (named by the collector) for the three scrapes.
      const clients = String(await redis.command('CLIENT', 'LIST'))
      expect(clients.match(/ name=redis_exporter /g)).toHaveLength(1)
    } finally {
      expect(await stopNode(node)).toBe(0)
    }
  })

  it('samples the event loop every REDIS_EXPORTER_EVENT_LOOP_MONITOR_INTERVAL', async () => {
    /** `nodejs_eventloop_lag_mean_seconds` of the first /metrics, 500 ms after the server is up. */
    const meanLag = async (interval: string): Promise<number> => {
      const node = await startNode({
        REDIS_ADDR: redis.url,
        REDIS_EXPORTER_EVENT_LOOP_MONITOR_INTERVAL: interval,
      })
      try {
        await new Promise((r) => setTimeout(r, 500))
        const body = await (await fetch(`${node.url}/metrics`)).text()
        const value = /\nnodejs_eventloop_lag_mean_seconds (\S+)\n/.exec(body)?.[1]
        expect(value, body.slice(0, 200)).toBeDefined()
        return Number(value)
      } finally {
        expect(await stopNode(node)).toBe(0)
      }
    }
    // Sampled every 10 ms, the histogram has samples by then; every 60 s, it has none yet.
    expect(await meanLag('10ms')).toBeGreaterThan(0)
    expect(await meanLag('60s')).toBeNaN()
  })

  it('gzips /metrics when the request accepts it; the page inside is the plain one', async () => {
    const node = await startNode({
      REDIS_ADDR: redis.url,
      REDIS_EXPORTER_REDIS_ONLY_METRICS: 'true',
    })
    /** The raw response (fetch would decompress it). */
    const raw = (encoding: string) =>
      new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        get(`${node.url}/metrics`, { headers: { 'accept-encoding': encoding } }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }))
        }).on('error', reject)
      })
    try {
      const plain = await raw('identity')
      const gzipped = await raw('gzip, deflate, br')
      expect(plain.headers['content-encoding']).toBeUndefined()
      expect(gzipped.headers['content-encoding']).toBe('gzip')
      expect(gzipped.headers['vary']).toBe('Accept-Encoding')
      const inside = gunzipSync(gzipped.body).toString('utf8')
      // Two live scrapes: the same families (commandstats may gain a series in between).
      const types = (page: string) => page.split('\n').filter((l) => l.startsWith('# TYPE '))
      expect(types(inside)).toEqual(types(plain.body.toString('utf8')))
      expect(inside).toContain('\nredis_up 1\n')
      expect(gzipped.body.length).toBeLessThan(plain.body.length / 3)
    } finally {
      expect(await stopNode(node)).toBe(0)
    }
  })

  it.skipIf(!promtoolBinary())(
    'passes promtool check metrics except for the names kept for compatibility',
    async () => {
      const node = await startNode({ REDIS_ADDR: redis.url })
      try {
        await fetch(`${node.url}/metrics`)
        const body = await (await fetch(`${node.url}/metrics`)).text()
        const result = await promtoolCheck(body)
        expect(result.available).toBe(true)
        expect(result.problems.filter((p) => p.startsWith('parse error'))).toEqual([])
        const flagged = new Set(result.problems.map((p) => p.split(' ')[0]!))
        expect([...flagged].filter((name) => !KEPT_FOR_COMPATIBILITY.has(name))).toEqual([])
        // Every name on the list is really flagged (the list does not rot).
        expect(
          [...KEPT_FOR_COMPATIBILITY].filter((n) => n.startsWith('redis_') && !flagged.has(n))
        ).toEqual([])
      } finally {
        await stopNode(node)
      }
    }
  )

  it('starts and reports redis_up 0 when no Redis is running', async () => {
    const port = await freePort()
    const node = await startNode({ REDIS_ADDR: `redis://127.0.0.1:${port}` })
    try {
      const body = await (await fetch(`${node.url}/metrics`)).text()
      expect(body).toContain('\nredis_up 0\n')
      expect(body).toMatch(/redis_exporter_last_scrape_error\{err="connect ECONNREFUSED[^"]*"\} 1/)
    } finally {
      await stopNode(node)
    }
  })

  it('prints the startup warnings as JSON lines (logrus level names) on stderr, never a value', async () => {
    const node = await startNode({
      REDIS_ADDR: redis.url,
      REDIS_EXPORTER_CONECTION_TIMEOUT: 'redis://u:hunter2@h:1',
      REDIS_EXPORTER_INCLUDE_GO_RUNTIME_METRICS: 'true',
      UPSTASH_REDIS_REST_TOKEN: 'hunter2',
    })
    try {
      const warnings = node
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level?: string; msg?: string })
        .filter((l) => l.level === 'warning')
        .map((l) => l.msg)
      expect(warnings).toEqual([
        'REDIS_EXPORTER_CONECTION_TIMEOUT is not a setting of this exporter; ignored (did you mean REDIS_EXPORTER_CONNECTION_TIMEOUT?)',
        "REDIS_EXPORTER_INCLUDE_GO_RUNTIME_METRICS is redis_exporter's setting for -include-go-runtime-metrics; not supported by this exporter: there is no Go runtime; the Node server exports Node process metrics instead (off with REDIS_EXPORTER_REDIS_ONLY_METRICS); ignored",
        'UPSTASH_REDIS_REST_TOKEN means nothing on the Node server (it is used only by Workers); ignored',
      ])
      expect(node.output()).not.toContain('hunter2')
    } finally {
      await stopNode(node)
    }
  })

  it('refuses to start on a bad setting, naming the variable, without echoing secrets', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
      env: { PATH: process.env['PATH'] ?? '', REDIS_ADDR: 'http://admin:hunter2@host:6379' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    expect(code).toBe(2)
    expect(output).toContain('REDIS_ADDR')
    expect(output).not.toContain('hunter2')
  })

  it.each<[string, Record<string, string>, string]>([
    [
      'a URL with a password in the allowlist',
      { REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: 'redis://:S3cretPw@h:1' },
      'redis-exporter: configuration error: REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: "redis://:<redacted>@h:1" is not a host pattern',
    ],
    [
      'a bearer token with bad characters',
      { REDIS_EXPORTER_BEARER_TOKEN: 'S3cretPw not a token!' },
      'redis-exporter: configuration error: REDIS_EXPORTER_BEARER_TOKEN: contains characters a bearer token cannot carry',
    ],
    [
      'the Redis password pasted into another setting',
      { REDIS_PASSWORD: 'S3cretPw', REDIS_EXPORTER_NAMESPACE: 'S3cretPw!' },
      'redis-exporter: configuration error: REDIS_EXPORTER_NAMESPACE: "<redacted>!" is not a valid metric prefix',
    ],
    [
      'a file setting whose path carries a URL password',
      { REDIS_PASSWORD_FILE: 'redis://u:S3cretPw@h:1' },
      'redis-exporter: configuration error: REDIS_PASSWORD_FILE: cannot read redis://u:<redacted>@h:1 (ENOENT)',
    ],
  ])('prints %s on stderr without the secret', async (_what, env, line) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    expect(code).toBe(2)
    expect(stderr.startsWith(line), stderr).toBe(true)
    expect(stdout + stderr).not.toContain('S3cretPw')
  })
})
