// Instructions per scrape of two Node server bundles, counted by valgrind's callgrind: what the
// process executes in user space (every thread; the kernel's socket work is not counted), the
// same within ~1% from run to run whatever else the machine does, where CPU time on this shared
// 2-core machine moves 5–15% between batches. Each side runs under callgrind against one
// redis-server with the bench dataset: `warm` scrapes, counters zeroed, `scrapes` scrapes, counters
// dumped; the sides alternate over `runs`. Under valgrind a scrape takes ~100 ms, so what is
// refreshed by the clock would land in the measured scrapes far more often than back to back: by
// default the process metrics are off (REDIS_EXPORTER_REDIS_ONLY_METRICS=true: cached 1 s, with
// the event loop timer, in one scrape of ~700 back to back) and the latency statistics and CONFIG
// are not asked again (REDIS_EXPORTER_LATENCY_REFRESH_INTERVAL=1h, ..._CONFIG_REFRESH_INTERVAL=24h:
// every 30 s and 5 min, one scrape in ~20,000 back to back). Settings after `::` override them.
// Usage: node --import tsx bench/instructions.ts <bundleA> <bundleB> [runs=2] [scrapes=200] [warm=300] [gzip|plain]
// A bundle may carry `node` flags and settings after `::`, as in bench/ab-cpu.ts. With
// BENCH_KEEP_DUMPS=1 the callgrind dumps are kept (their folder is printed): `callgrind_annotate
// <dump>` lists what ran by function (V8's builtins and the runtime by name, JIT code unnamed).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { Agent } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../test/helpers/free-port'
import { startRedis } from '../test/helpers/redis-server'
import { parseBundleSpec } from './bundle-spec'
import { fillDataset } from './dataset'
import { scrape } from './gzip'
import { cleanupAll, spawnProc } from './procs'
import { median } from './stats'

const [a, b, runs = '2', scrapes = '200', warm = '300', encoding = 'plain'] = process.argv.slice(2)
if (!a || !b) {
  console.error(
    'usage: node --import tsx bench/instructions.ts <bundleA> <bundleB> [runs] [scrapes] [warm] [gzip|plain]'
  )
  process.exit(2)
}
const agent = new Agent({ keepAlive: true, maxSockets: 1 })

/** One side: `warm` + `scrapes` scrapes under callgrind; the instructions of the last `scrapes`. */
async function count(spec: string, redisUrl: string, dir: string): Promise<number> {
  const { bundle, flags, settings } = parseBundleSpec(spec)
  const port = await freePort()
  const out = join(dir, `cg-${port}`)
  const proc = spawnProc(
    'valgrind',
    [
      '--tool=callgrind',
      `--callgrind-out-file=${out}`,
      '--dump-instr=no',
      process.execPath,
      ...flags,
      bundle,
    ],
    {
      env: {
        PATH: process.env['PATH'] ?? '',
        REDIS_EXPORTER_REDIS_ONLY_METRICS: 'true',
        REDIS_EXPORTER_LATENCY_REFRESH_INTERVAL: '1h',
        REDIS_EXPORTER_CONFIG_REFRESH_INTERVAL: '24h',
        ...settings,
        REDIS_ADDR: redisUrl,
        REDIS_EXPORTER_WEB_LISTEN_ADDRESS: `127.0.0.1:${port}`,
      },
    }
  )
  const url = new URL(`http://127.0.0.1:${port}/metrics`)
  const get = () => scrape(url, agent, encoding === 'gzip')
  try {
    for (let i = 0; ; i++) {
      try {
        await get()
        break
      } catch (err) {
        if (i >= 600 || proc.hasExited())
          throw new Error(`${spec} did not start: ${String(err)}\n${proc.logs()}`)
        await new Promise((r) => setTimeout(r, 250))
      }
    }
    for (let i = 0; i < Number(warm); i++) await get()
    control('-z', proc.pid)
    for (let i = 0; i < Number(scrapes); i++) await get()
    control('-d', proc.pid)
  } finally {
    await proc.stop()
  }
  const dumps = readdirSync(dir).filter((f) => f.startsWith(`cg-${port}`))
  for (const f of dumps) {
    const text = readFileSync(join(dir, f), 'utf8')
    if (!text.includes('Trigger: dump')) continue
    const summary = /^summary: (\d+)/m.exec(text)?.[1]
    if (summary) return Number(summary) / Number(scrapes)
  }
  throw new Error(`no callgrind dump for ${spec} in ${dir}`)
}

function control(op: '-z' | '-d', pid: number): void {
  const r = spawnSync('callgrind_control', [op, String(pid)], { encoding: 'utf8', timeout: 60_000 })
  if (r.status !== 0) throw new Error(`callgrind_control ${op} ${pid} failed: ${r.stderr}`)
}

async function main(): Promise<void> {
  if (spawnSync('valgrind', ['--version']).status !== 0)
    throw new Error('valgrind is not installed')
  const dir = mkdtempSync(join(tmpdir(), 'bench-instructions-'))
  const redis = await startRedis()
  try {
    await fillDataset(redis.port, 100_000, 4)
    const counts: number[][] = [[], []]
    for (let run = 0; run < Number(runs); run++) {
      for (const k of run % 2 === 0 ? [0, 1] : [1, 0]) {
        counts[k]!.push(await count(k === 0 ? a! : b!, redis.url, dir))
      }
    }
    const m = (xs: number[]) => (median(xs) / 1e6).toFixed(3)
    for (const [k, spec] of [a!, b!].entries()) {
      const each = counts[k]!.map((x) => (x / 1e6).toFixed(3)).join(' ')
      console.log(
        `${k === 0 ? 'A' : 'B'} ${spec}: ${m(counts[k]!)} M instructions/scrape (runs ${each})`
      )
    }
    console.log(`B/A: ${(median(counts[1]!) / median(counts[0]!)).toFixed(4)}`)
  } finally {
    await redis.stop()
    if (process.env['BENCH_KEEP_DUMPS'] === '1') console.log(`callgrind dumps kept in ${dir}`)
    else rmSync(dir, { recursive: true, force: true })
  }
}

main()
  .catch((err: unknown) => {
    console.error(err)
    process.exitCode = 1
  })
  .finally(() => void cleanupAll().then(() => agent.destroy()))
