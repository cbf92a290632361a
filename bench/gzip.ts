import { Agent, request } from 'node:http'
import { gunzipSync } from 'node:zlib'
import type { Exporter } from './exporters'
import { sampleProc } from './proc-stats'
import { median, percentile } from './stats'

/** One side of the gzip comparison: what the exporter spent and sent per scrape. */
export interface GzipSide {
  /** The exporter's CPU time per scrape (/proc), milliseconds: median over the rounds. */
  readonly cpuMsPerScrape: number
  /** Bytes of the body on the wire. */
  readonly bodyBytes: number
  readonly p50Ms: number
}

/** The Node server scraped with and without `Accept-Encoding: gzip` (what Prometheus sends). */
export interface GzipResult {
  readonly exporter: string
  readonly scrapesPerRound: number
  readonly rounds: number
  readonly plain: GzipSide
  readonly gzip: GzipSide
  /** gzip − plain CPU per scrape, milliseconds. */
  readonly extraCpuMsPerScrape: number
  /** gzip body / plain body. */
  readonly sizeRatio: number
}

const UP = '\nredis_up 1\n'

function scrape(url: URL, agent: Agent, gzip: boolean): Promise<{ bytes: number; ms: number }> {
  const started = performance.now()
  const headers = { 'accept-encoding': gzip ? 'gzip' : 'identity' }
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const raw = Buffer.concat(chunks)
        const encoded = res.headers['content-encoding'] === 'gzip'
        if (encoded !== gzip)
          return reject(new Error(`content-encoding ${encoded} for gzip=${gzip}`))
        const body = (encoded ? gunzipSync(raw) : raw).toString('utf8')
        if (!body.includes(UP)) return reject(new Error('not a page with redis_up 1'))
        resolve({ bytes: raw.length, ms: performance.now() - started })
      })
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error('no answer within 30 s')))
    req.on('error', reject)
    req.end()
  })
}

async function side(exporter: Exporter, gzip: boolean, scrapes: number, agent: Agent) {
  const p0 = sampleProc(exporter.proc.pid)
  const answers: { bytes: number; ms: number }[] = []
  for (let i = 0; i < scrapes; i++) answers.push(await scrape(exporter.metricsUrl, agent, gzip))
  const p1 = sampleProc(exporter.proc.pid)
  return {
    cpuMs: (p1.cpuMs - p0.cpuMs) / scrapes,
    bytes: median(answers.map((a) => a.bytes)),
    ms: answers.map((a) => a.ms),
  }
}

/**
 * Sequential scrapes of one long-lived exporter, plain then gzip, alternated `rounds` times
 * (after a warm-up of each), so load drift hits both sides alike.
 */
export async function measureGzip(
  exporter: Exporter,
  opts: { rounds: number; scrapes: number }
): Promise<GzipResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  try {
    await side(exporter, false, 20, agent)
    await side(exporter, true, 20, agent)
    const plain: Awaited<ReturnType<typeof side>>[] = []
    const gzip: Awaited<ReturnType<typeof side>>[] = []
    for (let r = 0; r < opts.rounds; r++) {
      plain.push(await side(exporter, false, opts.scrapes, agent))
      gzip.push(await side(exporter, true, opts.scrapes, agent))
    }
    const summary = (runs: typeof plain): GzipSide => ({
      cpuMsPerScrape: median(runs.map((x) => x.cpuMs)),
      bodyBytes: median(runs.map((x) => x.bytes)),
      p50Ms: percentile(
        runs.flatMap((x) => x.ms).sort((a, b) => a - b),
        50
      ),
    })
    const p = summary(plain)
    const g = summary(gzip)
    return {
      exporter: exporter.kind,
      scrapesPerRound: opts.scrapes,
      rounds: opts.rounds,
      plain: p,
      gzip: g,
      extraCpuMsPerScrape: g.cpuMsPerScrape - p.cpuMsPerScrape,
      sizeRatio: g.bodyBytes / p.bodyBytes,
    }
  } finally {
    agent.destroy()
  }
}
