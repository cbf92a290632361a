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

/** One exporter scraped with and without `Accept-Encoding: gzip` (what Prometheus sends). */
export interface GzipPair {
  readonly exporter: string
  readonly plain: GzipSide
  readonly gzip: GzipSide
  /** gzip − plain CPU per scrape, milliseconds. */
  readonly extraCpuMsPerScrape: number
  /** gzip body / plain body. */
  readonly sizeRatio: number
}

/**
 * Our Node server (its fields at the top level) and, when installed, redis_exporter (`theirs`,
 * which negotiates gzip as promhttp does) measured alike in the same rounds.
 */
export interface GzipResult extends GzipPair {
  readonly scrapesPerRound: number
  readonly rounds: number
  readonly theirs?: GzipPair
  /** Ours/theirs CPU per scrape, median of the per-round ratios: plain, and both with gzip. */
  readonly cpuRatio?: { readonly plain: number; readonly gzip: number }
}

const UP = '\nredis_up 1\n'

/** One scrape with or without gzip: the bytes on the wire and the time to the last byte; rejects unless `redis_up 1`. */
export function scrape(
  url: URL,
  agent: Agent,
  gzip: boolean
): Promise<{ bytes: number; ms: number }> {
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

type SideRun = Awaited<ReturnType<typeof side>>

/** Both encodings of one exporter in a round: plain then gzip. */
async function pairRun(e: Exporter, scrapes: number, agent: Agent) {
  return { plain: await side(e, false, scrapes, agent), gzip: await side(e, true, scrapes, agent) }
}

function summary(runs: readonly SideRun[]): GzipSide {
  return {
    cpuMsPerScrape: median(runs.map((x) => x.cpuMs)),
    bodyBytes: median(runs.map((x) => x.bytes)),
    p50Ms: percentile(
      runs.flatMap((x) => x.ms).sort((a, b) => a - b),
      50
    ),
  }
}

function pair(exporter: string, runs: readonly { plain: SideRun; gzip: SideRun }[]): GzipPair {
  const p = summary(runs.map((r) => r.plain))
  const g = summary(runs.map((r) => r.gzip))
  return {
    exporter,
    plain: p,
    gzip: g,
    extraCpuMsPerScrape: g.cpuMsPerScrape - p.cpuMsPerScrape,
    sizeRatio: g.bodyBytes / p.bodyBytes,
  }
}

/**
 * Sequential scrapes of our long-lived server and, when given, redis_exporter's: each round, each
 * exporter plain then gzip, the exporters' order swapped every round (after a warm-up of each),
 * so load drift hits both sides alike. The gzip ratio compares both with gzip on.
 */
export async function measureGzip(
  ours: Exporter,
  theirs: Exporter | undefined,
  opts: { rounds: number; scrapes: number }
): Promise<GzipResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  try {
    const both = theirs ? [ours, theirs] : [ours]
    for (const e of both) await pairRun(e, 20, agent)
    const oursRuns: { plain: SideRun; gzip: SideRun }[] = []
    const theirsRuns: { plain: SideRun; gzip: SideRun }[] = []
    for (let r = 0; r < opts.rounds; r++) {
      for (const e of r % 2 === 0 ? both : [...both].reverse()) {
        const run = await pairRun(e, opts.scrapes, agent)
        ;(e === ours ? oursRuns : theirsRuns).push(run)
      }
    }
    const perRound = (k: 'plain' | 'gzip') =>
      median(oursRuns.map((o, i) => o[k].cpuMs / theirsRuns[i]![k].cpuMs))
    return {
      ...pair(ours.kind, oursRuns),
      scrapesPerRound: opts.scrapes,
      rounds: opts.rounds,
      ...(theirs
        ? {
            theirs: pair(theirs.kind, theirsRuns),
            cpuRatio: { plain: perRound('plain'), gzip: perRound('gzip') },
          }
        : {}),
    }
  } finally {
    agent.destroy()
  }
}
