// In-process cost of one page from the INFO text (parse INFO, build, render), old against new, in
// ONE process with alternated batches. The old side is a copy of lib/ from another commit
// (`git archive <rev> lib | tar -x -C <dir>`), given as PAGE_OLD_LIB=<dir>/lib; without it both
// sides run this tree's code (PAGE_NEW_LIB=<dir>/lib replaces this tree's, for an A/A check).
// Put a package.json with {"type":"module"} next to a copied lib/, or tsx loads it as CommonJS.
// PAGE_OLD_PAGE=1: the old side writes its page with buildPage too (two one-pass trees). A tree
// with `buildPageBytes` (bench/patches/14-byte-page.diff) is measured through it. Each page is
// then handled as a server does to send it (`flat`: a string is measured and encoded). The
// other replies (LATENCY HISTOGRAM, LATENCY LATEST, SLOWLOG) are parsed JSON, shared. Usage:
//   node --import tsx bench/page-build.ts cpu [batches=15] [perBatch=200]
//   node --expose-gc --max-semi-space-size=512 --min-semi-space-size=512 --import tsx \
//     bench/page-build.ts alloc [pages=100]
//   node --cpu-prof --import tsx bench/page-build.ts loop old|new [pages=3000]
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import type { Snapshot } from '../lib/collect/collect'
import type { BuildOptions, SelfMetrics } from '../lib/metrics/build'

type Page = (infoText: string) => string | Uint8Array
type Build = (snapshot: Snapshot, self: SelfMetrics, opts: BuildOptions) => string | Uint8Array

const root = new URL('../', import.meta.url)
const fixture = (path: string) => readFileSync(new URL(`test/fixtures/${path}`, root), 'utf8')
const reply = (name: string) => ({ ok: true, value: JSON.parse(fixture(`parse/${name}`)) })
const INFO = fixture(
  `info-captures/${process.env['PAGE_INFO'] ?? 'redis-7.4.0-master-replicated.txt'}`
)

const SELF: SelfMetrics = { durationSeconds: 0.004, scrapesTotal: 3, scrapeDurationSum: 0.01 }
const OPTS: BuildOptions = {
  namespace: 'redis',
  includeSystemMetrics: true,
  includeMetricsForEmptyDatabases: true,
  nowSeconds: 1_795_319_047,
}
const REPLIES = new Map([
  ['latency_latest', [reply('latency-latest-redis-7.0.json')]],
  ['latency_histogram', [reply('latency-histogram-redis-7.0.json')]],
  ['slowlog_len', [reply('slowlog-len-redis-7.0.json')]],
  ['slowlog_get', [reply('slowlog-get-1-redis-7.0.json')]],
])

function snapshotOf(info: unknown): Snapshot {
  return {
    up: true,
    error: '',
    info,
    config: { maxmemory: '0', maxclients: '10000', databases: '16' },
    replies: REPLIES,
    unavailable: [],
    connectSeconds: 0.0015,
    roundTrips: 1,
  } as Snapshot
}

async function side(base: string, newest: boolean): Promise<Page> {
  const build = await import(`${base}metrics/build.ts`)
  const { renderPrometheus } = await import(`${base}render/prometheus.ts`)
  const { parseInfo } = await import(`${base}parse/info.ts`)
  const page: Build =
    newest && build.buildPageBytes
      ? build.buildPageBytes
      : newest && build.buildPage
        ? build.buildPage
        : (s, self, o) => renderPrometheus(build.buildFamilies(s, self, o))
  return (text) => page(snapshotOf(parseInfo(text)), SELF, OPTS)
}

async function pages(): Promise<{ old: Page; new: Page }> {
  const oldLib = process.env['PAGE_OLD_LIB']
  const newLib = process.env['PAGE_NEW_LIB']
  const here = new URL('lib/', root).href
  return {
    old: await side(
      oldLib ? pathToFileURL(`${oldLib}/`).href : here,
      process.env['PAGE_OLD_PAGE'] === '1'
    ),
    new: await side(newLib ? pathToFileURL(`${newLib}/`).href : here, true),
  }
}

/**
 * What a server does with the page to write it: a string's length in bytes (a rope is flattened
 * first), then its UTF-8 bytes; bytes are written as they are.
 */
function flat(page: string | Uint8Array): number {
  if (typeof page !== 'string') return page.length
  const length = Buffer.byteLength(page)
  return Buffer.from(page).length === length ? length : -1
}

/** The bytes a server sends for the page. */
const bytes = (page: string | Uint8Array): Buffer =>
  typeof page === 'string'
    ? Buffer.from(page)
    : Buffer.from(page.buffer, page.byteOffset, page.length)

function cpuMs(page: Page, n: number): number {
  const start = process.cpuUsage()
  for (let i = 0; i < n; i++) flat(page(INFO))
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000 / n
}

function allocBytes(page: Page, n: number): number {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('run with --expose-gc')
  gc()
  const before = process.memoryUsage().heapUsed
  // With semi-spaces larger than N pages' garbage no scavenge runs: the growth is what was allocated.
  for (let i = 0; i < n; i++) flat(page(INFO))
  return (process.memoryUsage().heapUsed - before) / n
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const min = (xs: number[]) => Math.min(...xs)

async function main(): Promise<void> {
  const [mode = 'cpu', a, b] = process.argv.slice(2)
  const p = await pages()
  if (!bytes(p.old(INFO)).equals(bytes(p.new(INFO)))) throw new Error('the pages differ')
  if (mode === 'loop') {
    const page = a === 'old' ? p.old : p.new
    for (let i = 0; i < Number(b ?? 3000); i++) flat(page(INFO))
    return
  }
  const measure = mode === 'alloc' ? allocBytes : cpuMs
  const batches = mode === 'alloc' ? 6 : Number(a ?? 15)
  const n = mode === 'alloc' ? Number(a ?? 100) : Number(b ?? 200)
  for (let i = 0; i < 20; i++) {
    p.old(INFO)
    p.new(INFO)
  }
  const old: number[] = []
  const neu: number[] = []
  for (let i = 0; i < batches; i++) {
    // Alternated, and which side goes first alternates too.
    if (i % 2 === 0) old.push(measure(p.old, n))
    neu.push(measure(p.new, n))
    if (i % 2 === 1) old.push(measure(p.old, n))
  }
  const unit = mode === 'alloc' ? 'bytes/page' : 'ms CPU/page'
  const f = (x: number) => (mode === 'alloc' ? Math.round(x).toString() : x.toFixed(3))
  console.log(`page ${flat(p.new(INFO))} bytes, ${batches} batches of ${n}, ${unit}`)
  console.log(`old: min ${f(min(old))} median ${f(median(old))}`)
  console.log(`new: min ${f(min(neu))} median ${f(median(neu))}`)
  const ratio = (g: (xs: number[]) => number) => (g(neu) / g(old)).toFixed(3)
  console.log(`new/old: min ${ratio(min)} median ${ratio(median)}`)
}

await main()
