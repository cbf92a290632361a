// Two Worker bundles side by side in workerd (Miniflare), each scraped through the Upstash REST
// protocol (or TCP) in alternating rounds: the CPU of each side's workerd process per scrape, all
// threads (/proc/<pid>/task/*/schedstat), medians and per-round ratios. What `npm run bench:workers`
// cannot do: compare two trees in one run, where the host's drift between two runs (0.85 to 1.40
// ms for the same tree within 40 minutes, bench/NOTES.md) hides any change under ~40%.
// A bundle is wrangler's output: `node_modules/.bin/wrangler deploy --dry-run --outdir <dir>`
// (WRANGLER_SEND_METRICS=false), then `<dir>/worker.js`.
// Each side is a driver Worker and the exporter, joined by a service binding: one request from
// Node runs `batch` scrapes inside workerd, so Node's HTTP to workerd is not in the figures (it
// was ~1 ms per scrape, the size of the scrape itself). The driver's own work (a fetch through
// the binding, the body read as text) is in both sides' figures alike.
// Usage: node --import tsx bench/workers-ab.ts <A/worker.js> <B/worker.js> [rounds=8] [scrapes=500] [warmup=1500] [rest|tcp]
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Miniflare } from 'miniflare'
import { seedStandardDataset, startRedis } from '../test/helpers/redis-server'
import { startUpstashServer } from '../test/helpers/upstash-server'
import { threadsCpuNanos, workerdProcesses } from '../test/workers/workerd-cpu'
import { median } from './stats'

const [fileA, fileB, rounds = '8', scrapes = '500', warmup = '1500', mode = 'rest'] =
  process.argv.slice(2)
if (!fileA || !fileB || (mode !== 'rest' && mode !== 'tcp')) {
  console.error(
    'usage: node --import tsx bench/workers-ab.ts <A/worker.js> <B/worker.js> [rounds] [scrapes] [warmup] [rest|tcp]'
  )
  process.exit(2)
}
const BATCH = 100
const TOKEN = 'bench-upstash-token'
const PASSWORD = 'bench-redis-password'
const BEARER = 'bench-bearer'

/** Scrapes the exporter `?n=` times through its service binding; 500 names the first bad page. */
const DRIVER = `export default { async fetch(req, env) {
  const n = Number(new URL(req.url).searchParams.get('n'))
  for (let i = 0; i < n; i++) {
    const res = await env.EXPORTER.fetch('http://exporter/metrics', { headers: { authorization: 'Bearer ${BEARER}' } })
    const text = await res.text()
    if (!text.includes('\\nredis_up 1\\n')) return new Response(text.slice(0, 400), { status: 500 })
  }
  return new Response('ok')
} }`

/**
 * A copy of the bundle that loads outside wrangler: Miniflare leaves `import.meta.url` undefined
 * for a module given by path, and the bundle's `createRequire(import.meta.url)` (for node:tls,
 * TLS targets only) throws at load. The copy's require throws when called instead; the targets
 * measured here are plain TCP or HTTP.
 */
function loadableCopy(file: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'workers-ab-'))
  const source = readFileSync(file, 'utf8').replace(
    /\b[\w$]+\(import\.meta\.url\)/,
    '(() => { throw new Error("node:tls is not available in bench/workers-ab.ts") })'
  )
  writeFileSync(join(dir, 'worker.js'), source)
  return dir
}

/** The workerd processes this Node process runs now. */
const workerdPids = (): Set<number> => new Set(workerdProcesses().map((p) => p.pid))

/** CPU of every thread of the processes so far, ms. */
const cpuMs = (pids: readonly number[]): number =>
  pids.reduce((sum, pid) => sum + threadsCpuNanos(pid), 0) / 1e6

interface Side {
  readonly name: string
  readonly mf: Miniflare
  readonly pids: readonly number[]
  readonly perScrapeMs: number[]
}

async function startSide(name: string, file: string, bindings: Record<string, string>) {
  const root = loadableCopy(file)
  const before = workerdPids()
  const mf = new Miniflare({
    workers: [
      { name: 'driver', modules: true, script: DRIVER, serviceBindings: { EXPORTER: 'exporter' } },
      {
        name: 'exporter',
        modules: true,
        scriptPath: join(root, 'worker.js'),
        modulesRoot: root,
        compatibilityDate: '2026-05-03',
        compatibilityFlags: ['nodejs_compat'],
        bindings: { ...bindings, REDIS_EXPORTER_BEARER_TOKEN: BEARER },
      },
    ],
  })
  await mf.ready
  const pids = [...workerdPids()].filter((p) => !before.has(p))
  if (pids.length === 0) throw new Error(`${name}: no workerd process found (Linux only)`)
  return { name, mf, pids, perScrapeMs: [] } satisfies Side
}

async function scrapeMany(side: Side, n: number): Promise<void> {
  for (let done = 0; done < n; done += BATCH) {
    const res = await side.mf.dispatchFetch(`http://driver/?n=${Math.min(BATCH, n - done)}`)
    const text = await res.text()
    if (res.status !== 200) throw new Error(`${side.name}: a scrape failed: ${text}`)
  }
}

const fmt = (xs: readonly number[]) => xs.map((x) => x.toFixed(3)).join(' ')

async function main(): Promise<void> {
  const redis = await startRedis({ password: PASSWORD })
  const upstash = await startUpstashServer({
    redis: { port: redis.port, password: PASSWORD },
    token: TOKEN,
  })
  const sides: Side[] = []
  try {
    await seedStandardDataset(redis)
    const bindings = (tag: string): Record<string, string> =>
      mode === 'rest'
        ? { UPSTASH_REDIS_REST_URL: `${upstash.url}/t/${tag}`, UPSTASH_REDIS_REST_TOKEN: TOKEN }
        : { REDIS_ADDR: `redis://127.0.0.1:${redis.port}`, REDIS_PASSWORD: PASSWORD }
    sides.push(
      await startSide('A', fileA!, bindings('a')),
      await startSide('B', fileB!, bindings('b'))
    )
    for (const side of sides) await scrapeMany(side, Number(warmup))
    for (let round = 0; round < Number(rounds); round++) {
      // Which side goes first alternates.
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        const before = cpuMs(side.pids)
        await scrapeMany(side, Number(scrapes))
        side.perScrapeMs.push((cpuMs(side.pids) - before) / Number(scrapes))
      }
    }
    const [a, b] = sides as [Side, Side]
    const ratios = a.perScrapeMs.map((x, i) => b.perScrapeMs[i]! / x)
    console.log(`workerd CPU per ${mode} scrape, ms (all threads; ${rounds} rounds of ${scrapes}):`)
    console.log(`  A ${fileA}: ${fmt(a.perScrapeMs)}; median ${median(a.perScrapeMs).toFixed(3)}`)
    console.log(`  B ${fileB}: ${fmt(b.perScrapeMs)}; median ${median(b.perScrapeMs).toFixed(3)}`)
    console.log(`  B/A per round ${fmt(ratios)}; median ${median(ratios).toFixed(3)}`)
  } finally {
    for (const side of sides) await side.mf.dispose()
    await upstash.stop()
    await redis.stop()
  }
}

await main()
