import { Agent, request } from 'node:http'
import { percentile, sumOf } from './stats'

export interface LoadResult {
  readonly concurrency: number
  /** Successful scrapes (HTTP 200 with `redis_up 1`). */
  readonly scrapes: number
  /** Failed requests (transport errors, non-200, `redis_up` not 1). */
  readonly errors: number
  readonly seconds: number
  readonly scrapesPerSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly meanMs: number
  /** Mean body size of successful scrapes. */
  readonly responseBytes: number
  /** CPU the load generator itself used (this process), milliseconds per scrape. */
  readonly clientCpuMsPerScrape: number
}

export interface Response {
  readonly status: number
  readonly body: Buffer
}

const UP = Buffer.from('\nredis_up 1\n')

/** One GET over the given agent; resolves with status and the whole body. */
export function get(url: URL, agent?: Agent, timeoutMs = 30_000): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: agent ?? false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)))
    req.on('error', reject)
    req.end()
  })
}

/** True for a metrics page of a reachable Redis. */
export function isUp(res: Response): boolean {
  return res.status === 200 && res.body.includes(UP)
}

/** What one closed-loop load saw, before it is summarised (several may be summarised as one). */
export interface LoadSamples {
  /** Latency of each successful scrape, ms. */
  readonly latencies: readonly number[]
  readonly errors: number
  /** Body bytes of the successful scrapes. */
  readonly bytes: number
  readonly seconds: number
  /** CPU the load generator itself used (this process), ms. */
  readonly clientCpuMs: number
}

/**
 * Closed-loop load: `concurrency` workers, each sending the next GET as soon as the previous answer
 * arrived, over keep-alive connections, for `seconds` (or until `maxScrapes` answers).
 */
export async function runLoad(
  url: URL,
  opts: { concurrency: number; seconds?: number; maxScrapes?: number }
): Promise<LoadResult> {
  return summarizeLoad(opts.concurrency, [await loadSamples(url, opts)])
}

/** The load of `runLoad`, unsummarised. */
export async function loadSamples(
  url: URL,
  opts: { concurrency: number; seconds?: number; maxScrapes?: number }
): Promise<LoadSamples> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency })
  const latencies: number[] = []
  let errors = 0
  let bytes = 0
  let started = 0
  const limit = opts.maxScrapes ?? Number.POSITIVE_INFINITY
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const deadline = opts.seconds === undefined ? Number.POSITIVE_INFINITY : t0 + opts.seconds * 1000
  const worker = async () => {
    while (performance.now() < deadline && started < limit) {
      started += 1
      const s = performance.now()
      try {
        const res = await get(url, agent)
        if (isUp(res)) {
          latencies.push(performance.now() - s)
          bytes += res.body.length
        } else errors += 1
      } catch {
        errors += 1
      }
    }
  }
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, worker))
  } finally {
    agent.destroy()
  }
  const cpu = process.cpuUsage(cpu0)
  const seconds = (performance.now() - t0) / 1000
  return { latencies, errors, bytes, seconds, clientCpuMs: (cpu.user + cpu.system) / 1000 }
}

/** One LoadResult of one or more loads at the same concurrency (their times and counts added). */
export function summarizeLoad(concurrency: number, parts: readonly LoadSamples[]): LoadResult {
  const latencies = parts.flatMap((p) => p.latencies)
  const sum = (f: (p: LoadSamples) => number) => sumOf(parts, f)
  const seconds = sum((p) => p.seconds)
  const sorted = Float64Array.from(latencies).sort()
  const n = latencies.length
  return {
    concurrency,
    scrapes: n,
    errors: sum((p) => p.errors),
    seconds,
    scrapesPerSecond: n / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanMs: n === 0 ? Number.NaN : latencies.reduce((a, b) => a + b, 0) / n,
    responseBytes: n === 0 ? Number.NaN : sum((p) => p.bytes) / n,
    clientCpuMsPerScrape: n === 0 ? Number.NaN : sum((p) => p.clientCpuMs) / n,
  }
}

/** Polls `url` until it answers a metrics page with `redis_up 1`; resolves with the elapsed ms. */
export async function waitUp(
  url: URL,
  opts: { timeoutMs: number; intervalMs?: number; since?: number; alive?: () => boolean }
): Promise<number> {
  const since = opts.since ?? performance.now()
  const deadline = since + opts.timeoutMs
  let last = 'no attempt yet'
  while (performance.now() < deadline) {
    if (opts.alive && !opts.alive()) throw new Error(`the server exited (last: ${last})`)
    try {
      const res = await get(url, undefined, 5_000)
      if (isUp(res)) return performance.now() - since
      last = `HTTP ${res.status}: ${res.body.subarray(0, 200).toString('utf8')}`
    } catch (err) {
      last = err instanceof Error ? err.message : String(err)
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 5))
  }
  throw new Error(`${url.href} not up within ${opts.timeoutMs} ms (last: ${last})`)
}
