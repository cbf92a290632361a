// Two Node server bundles side by side on one redis-server with the bench dataset, scraped at
// concurrency 1 in alternating batches (which bundle goes first alternates too): CPU per scrape of
// each process, in all and on its main thread alone (/proc/<pid>/task/<pid>/stat: JavaScript, V8's
// main-thread GC, Node's I/O; the rest is V8's helper threads and libuv), and RSS at the end.
// A bundle may carry `node` flags and settings after `::` (`dist/node.mjs::--max-semi-space-size=4`,
// `dist/node.mjs::REDIS_EXPORTER_REDIS_ONLY_METRICS=true`); the side
// `redis_exporter` is the installed redis_exporter (prometheus-redis-exporter) instead of a bundle.
// With `spacingMs`, one batch of `scrapes` loops instead, each scraping A and B once (the order
// alternates) then waiting for the rest of `spacingMs`: what scrapes cost that are not back to back,
// the CPU between them included (BENCH_SPACED_MS of the bench).
// Scrapes are plain unless the sixth argument is `gzip` (as Prometheus asks).
// `settleMs`: a pause after the 500 warm-up scrapes per side, before anything is measured (V8
// shrinks its heap once the burst is over: a server scraped only at Prometheus's pace has no burst).
// Usage: node --import tsx bench/ab-cpu.ts <bundleA> <bundleB> [batches=6] [scrapes=1500] [spacingMs] [gzip|plain] [settleMs]
import { Agent } from 'node:http'
import { startRedis } from '../test/helpers/redis-server'
import { parseBundleSpec } from './bundle-spec'
import { freePort } from '../test/helpers/free-port'
import { fillDataset } from './dataset'
import { startExporter } from './exporters'
import { scrape } from './gzip'
import { sampleProc, threadCpuMs } from './proc-stats'
import type { Proc } from './procs'
import { cleanupAll, spawnProc } from './procs'
import { measureSpaced } from './spaced'
import { median } from './stats'

const [a, b, batches = '6', scrapes = '1500', spacing = '0', encoding = 'plain', settle = '0'] =
  process.argv.slice(2)
const gzip = encoding === 'gzip'
if (!a || !b) {
  console.error(
    'usage: node --import tsx bench/ab-cpu.ts <bundleA> <bundleB> [batches] [scrapes] [spacingMs] [gzip|plain] [settleMs]'
  )
  process.exit(2)
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 })

type Side = { proc: Proc; url: URL }

/** One scrape (rejected unless the page says `redis_up 1`). */
const get = (side: Side) => scrape(side.url, agent, gzip)

async function start(spec: string, redis: { port: number; url: string }): Promise<Side> {
  if (spec === 'redis_exporter') {
    const theirs = await startExporter('redis_exporter', { redisPort: redis.port, oursBundle: '' })
    if (!theirs) throw new Error('redis_exporter is not installed')
    return { proc: theirs.proc, url: theirs.metricsUrl }
  }
  const { bundle, flags, settings } = parseBundleSpec(spec)
  const port = await freePort()
  const proc = spawnProc(process.execPath, [...flags, bundle], {
    env: {
      PATH: process.env['PATH'] ?? '',
      ...settings,
      REDIS_ADDR: redis.url,
      REDIS_EXPORTER_WEB_LISTEN_ADDRESS: `127.0.0.1:${port}`,
    },
  })
  const side = { proc, url: new URL(`http://127.0.0.1:${port}/metrics`) }
  for (let i = 0; i < 100; i++) {
    try {
      await get(side)
      return side
    } catch {
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  throw new Error(`${spec} did not start:\n${proc.logs()}`)
}

/** `scrapes` loops `spacing` ms apart (bench/spaced.ts), each scraping both sides once. */
async function spaced(sides: readonly Side[], cpu: number[][], main: number[][]): Promise<void> {
  const main0 = sides.map((s) => threadCpuMs(s.proc.pid))
  const result = await measureSpaced(
    sides.map((s, k) => ({ name: k === 0 ? 'A' : 'B', pid: s.proc.pid, url: s.url })),
    { scrapes: Number(scrapes), spacingMs: Number(spacing), gzip }
  )
  sides.forEach((s, k) => {
    cpu[k]!.push(result.sides[k]!.cpuMsPerScrape)
    main[k]!.push((threadCpuMs(s.proc.pid) - main0[k]!) / Number(scrapes))
  })
}

async function main(): Promise<void> {
  const redis = await startRedis()
  await fillDataset(redis.port, 100_000, 4)
  const sides = [await start(a!, redis), await start(b!, redis)]
  for (let i = 0; i < 500; i++) for (const s of sides) await get(s)
  await new Promise((r) => setTimeout(r, Number(settle)))
  const cpu: number[][] = [[], []]
  const main: number[][] = [[], []]
  if (Number(spacing) > 0) await spaced(sides, cpu, main)
  for (let batch = 0; Number(spacing) === 0 && batch < Number(batches); batch++) {
    for (const k of batch % 2 === 0 ? [0, 1] : [1, 0]) {
      const side = sides[k]!
      const cpu0 = sampleProc(side.proc.pid).cpuMs
      const main0 = threadCpuMs(side.proc.pid)
      for (let i = 0; i < Number(scrapes); i++) await get(side)
      cpu[k]!.push((sampleProc(side.proc.pid).cpuMs - cpu0) / Number(scrapes))
      main[k]!.push((threadCpuMs(side.proc.pid) - main0) / Number(scrapes))
    }
  }
  const ms = (xs: number[]) => median(xs).toFixed(3)
  for (const [k, spec] of [a!, b!].entries()) {
    const rss = sampleProc(sides[k]!.proc.pid).rssBytes / 1e6
    console.log(
      `${k === 0 ? 'A' : 'B'} ${spec}: CPU ${ms(cpu[k]!)} ms/scrape (main thread ${ms(main[k]!)}), RSS ${rss.toFixed(1)} MB; batches ${cpu[k]!.map((x) => x.toFixed(2)).join(' ')}`
    )
  }
  console.log(
    `B/A: CPU ${(median(cpu[1]!) / median(cpu[0]!)).toFixed(3)}, main thread ${(median(main[1]!) / median(main[0]!)).toFixed(3)}`
  )
  await Promise.all(sides.map((s) => s.proc.stop()))
  await redis.stop()
}

main()
  .catch((err: unknown) => {
    console.error(err)
    process.exitCode = 1
  })
  .finally(() => void cleanupAll().then(() => agent.destroy()))
