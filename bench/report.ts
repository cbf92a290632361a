import { writeFileSync } from 'node:fs'
import type { BuildResult, BundleSize } from './bundles'
import type { WireCost } from './cost'
import type { DatasetInfo } from './dataset'
import type { FanoutResult } from './fanout'
import type { GzipResult } from './gzip'
import type { SpacedResult } from './spaced'
import type { LambdaColdStart } from './lambda'
import type { MemoryResult } from './memory'
import type { RunRecord } from './rounds'
import type { LoadSummary, RatioSet, WireSummary } from './summarize'
import type { TargetCheck } from './targets'

export interface Ratios {
  readonly perRound: readonly (RatioSet & { round: number; concurrency: number })[]
  readonly median: Readonly<Record<string, RatioSet>>
}

/** One exporter's figures (medians over rounds). Documented in bench/README.md. */
export interface ExporterResult {
  readonly available: boolean
  readonly version?: string
  /** Why it was not measured. */
  readonly reason?: string
  readonly coldStartMs?: number
  readonly coldStartRuns?: readonly number[]
  readonly peakRssBytes?: number
  readonly load?: Readonly<Record<string, LoadSummary>>
  readonly wire?: WireSummary
}

/** The whole of bench/results.json. Field docs: bench/README.md. */
export interface Results {
  readonly schemaVersion: 1
  readonly startedAt: string
  readonly finishedAt: string
  readonly wallSeconds: number
  readonly mode: 'full' | 'quick'
  readonly settings: Readonly<Record<string, unknown>>
  readonly machine: Readonly<Record<string, unknown>>
  readonly build: BuildResult
  readonly dataset: DatasetInfo & { readonly replica: boolean; readonly redisVersion: string }
  readonly exporters: {
    readonly ours: ExporterResult
    readonly redis_exporter: ExporterResult
    /** Only with BENCH_CANDIDATE. */
    readonly candidate?: ExporterResult
  }
  readonly ratios: Ratios
  /** candidate/theirs, only with BENCH_CANDIDATE. */
  readonly candidateRatios?: Ratios
  readonly candidateMemory?: MemoryResult
  readonly runs: readonly RunRecord[]
  readonly wireRuns: readonly WireCost[]
  readonly memory?: MemoryResult
  readonly bundles: readonly BundleSize[]
  readonly lambda?: LambdaColdStart
  readonly fanout?: FanoutResult
  readonly gzip?: GzipResult
  readonly spaced?: SpacedResult
  readonly targets: readonly TargetCheck[]
  readonly errors: readonly string[]
}

const MB = 1024 * 1024

function f(n: number | undefined, digits = 2): string {
  if (n === undefined || !Number.isFinite(n)) return '–'
  return n.toFixed(digits)
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

function comparisonRows(r: Results): string[][] {
  const ours = r.exporters.ours
  const theirs = r.exporters.redis_exporter
  const cand = r.exporters.candidate
  const rows: string[][] = []
  type Pick = (e: ExporterResult) => number | undefined
  type RatioPick = (set: RatioSet | undefined) => number | undefined
  const row = (label: string, pick: Pick, digits: number, c?: string, ratio?: RatioPick) =>
    rows.push([
      label,
      f(pick(ours), digits),
      f(pick(theirs), digits),
      f(c && ratio ? ratio(r.ratios.median[c]) : undefined, 2),
      ...(cand
        ? [
            f(pick(cand), digits),
            f(c && ratio ? ratio(r.candidateRatios?.median[c]) : undefined, 2),
          ]
        : []),
    ])
  for (const c of Object.keys(ours.load ?? {})) {
    const n = c.slice(1)
    const load = (e: ExporterResult) => e.load?.[c]
    row(
      `throughput c=${n} (scrapes/s)`,
      (e) => load(e)?.scrapesPerSecond,
      1,
      c,
      (x) => x?.scrapesPerSecond
    )
    row(
      `p50 latency c=${n} (ms)`,
      (e) => load(e)?.p50Ms,
      2,
      c,
      (x) => x?.p50Ms
    )
    row(
      `p99 latency c=${n} (ms)`,
      (e) => load(e)?.p99Ms,
      2,
      c,
      (x) => x?.p99Ms
    )
    row(
      `exporter CPU c=${n} (ms/scrape)`,
      (e) => load(e)?.cpuMsPerScrape,
      3,
      c,
      (x) => x?.cpuMsPerScrape
    )
    row(
      `Redis usec c=${n} (per scrape)`,
      (e) => load(e)?.redisUsecPerScrape,
      1,
      c,
      (x) => x?.redisUsecPerScrape
    )
  }
  const c1 = (e: ExporterResult) => e.load?.['c1']
  row(
    'Redis commands per scrape',
    (e) => c1(e)?.redisCommandsPerScrape,
    2,
    'c1',
    (x) => x?.redisCommandsPerScrape
  )
  row('Redis new connections per scrape', (e) => c1(e)?.redisNewConnectionsPerScrape, 2)
  row('round trips per warm scrape', (e) => e.wire?.roundTripsPerScrape, 2)
  row('new connections (proxy) per scrape', (e) => e.wire?.newConnectionsPerScrape, 2)
  row('bytes Redis sent per scrape', (e) => c1(e)?.redisBytesOutPerScrape, 0)
  row(
    'response bytes',
    (e) => c1(e)?.responseBytes,
    0,
    'c1',
    (x) => x?.responseBytes
  )
  row('peak RSS (MB)', (e) => (e.peakRssBytes === undefined ? undefined : e.peakRssBytes / MB), 1)
  row('cold start to first scrape (ms)', (e) => e.coldStartMs, 0)
  return rows
}

/** The human-readable report printed at the end of a run. */
export function formatReport(r: Results): string {
  const out: string[] = []
  const theirs = r.exporters.redis_exporter
  out.push(
    `\nBenchmark ${r.mode} run, ${r.startedAt}; ${r.wallSeconds.toFixed(0)} s; load average ${JSON.stringify(r.machine['loadavgStart'])} → ${JSON.stringify(r.machine['loadavgEnd'])}; CPU probe ${JSON.stringify(r.machine['cpuProbeMs'])} ms`,
    `Redis ${r.dataset.redisVersion}: ${r.dataset.keys} keys (${Object.entries(r.dataset.keysPerDb)
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', '
      )}), ${r.dataset.distinctCommands} commands in commandstats, INFO ALL ${r.dataset.infoAllBytes} bytes, replica ${r.dataset.replica ? 'attached' : 'missing'}`,
    theirs.available
      ? `redis_exporter ${theirs.version ?? ''} vs ours (${String(r.settings['oursBundle'])}); medians over ${String(r.settings['rounds'])} alternating rounds of ${String(r.settings['seconds'])} s per exporter (in ${String(r.settings['slices'] ?? 1)} alternating slices); ratio = median of per-round ours/theirs\n`
      : `redis_exporter not measured: ${theirs.reason ?? 'not installed'}; ours alone\n`
  )
  const head = ['', 'ours', 'redis_exporter', 'ratio']
  if (r.exporters.candidate) head.push('candidate', 'cand. ratio')
  out.push(table(head, comparisonRows(r)))
  for (const [label, mem] of [
    ['Node server', r.memory],
    ['Candidate', r.candidateMemory],
  ] as const) {
    if (!mem) continue
    out.push(
      `\n${label} memory (fresh process, concurrency ${mem.concurrency}, ${f(mem.seconds, 0)} s):`,
      table(
        ['scrapes', 'RSS MB', 'peak RSS MB', 'heap used MB'],
        mem.checkpoints.map((c) => [
          String(c.scrapes),
          f(c.rssBytes / MB, 1),
          f(c.peakRssBytes / MB, 1),
          f(c.heapUsedBytes / MB, 1),
        ])
      ),
      `RSS median around ${mem.checkpoints[0]?.scrapes ?? '?'} scrapes ${f(mem.rssFirstBytes / MB, 1)} MB, around ${mem.checkpoints.at(-1)?.scrapes ?? '?'} ${f(mem.rssLastBytes / MB, 1)} MB (${f(((mem.rssLastBytes - mem.rssFirstBytes) / mem.rssFirstBytes) * 100, 1)}%)`
    )
  }
  out.push(
    '\nBundles:',
    table(
      ['bundle', 'bytes', 'gzip', 'on demand'],
      r.bundles.map((b) =>
        b.present
          ? [
              b.path,
              String(b.bytes),
              String(b.gzipBytes),
              b.onDemandBytes ? String(b.onDemandBytes) : '',
            ]
          : [b.path, 'not built yet', '', '']
      )
    )
  )
  if (r.lambda?.present) {
    out.push(
      r.lambda.error && r.lambda.totalMs === undefined
        ? `Lambda scrape cold start: failed: ${r.lambda.error}`
        : `Lambda scrape cold start: import ${f(r.lambda.importMs, 0)} ms + first invocation ${f(r.lambda.firstInvokeMs, 0)} ms = ${f(r.lambda.totalMs, 0)} ms (process spawn to result ${f(r.lambda.processMs, 0)} ms)`
    )
  }
  if (r.fanout) {
    const fo = r.fanout
    out.push(
      `\nFan-out: one push over ${fo.targets} targets (${fo.servers} redis-servers, +${f(fo.minDelayMs, 1)}…${f(fo.maxDelayMs, 1)} ms RTT):`,
      table(
        [
          '',
          'all targets ms',
          'slowest alone ms',
          'ratio',
          'targets up',
          'new connections',
          'CPU ms per target',
          'CPU ms, slowest alone',
          'harness CPU ms',
        ],
        (['cold', 'warm'] as const).map((k) => [
          k,
          f(fo[k].allMs, 1),
          f(fo[k].slowestMs, 1),
          f(fo[k].ratio, 2),
          `${fo[k].up}/${fo.targets}`,
          String(fo[k].all[0]?.newConnections ?? '–'),
          f(fo[k].cpuMsPerTarget, 3),
          f(fo[k].slowestCpuMs, 1),
          f(fo[k].harnessCpuMs, 0),
        ])
      ),
      'harness CPU: the latency proxy and the redis-servers during the push over every target (they share the cores with it).'
    )
    const [first, firstAlone] = [fo.warmup?.all[0], fo.warmup?.slowest[0]]
    if (first && firstAlone) {
      out.push(
        `Warm-up run, left out (the process's first pushes, JIT-cold): all targets ${f(first.ms, 1)} ms (CPU ${f(first.cpuMs / fo.targets, 3)} ms per target), slowest alone ${f(firstAlone.ms, 1)} ms`
      )
    }
  }
  if (r.gzip) {
    const g = r.gzip
    const pairs = g.theirs ? [g, g.theirs] : [g]
    out.push(
      `\ngzip (Accept-Encoding: gzip, as Prometheus sends it; ${g.rounds} × ${g.scrapesPerRound} sequential scrapes each):`,
      table(
        ['exporter', '', 'exporter CPU ms/scrape', 'body bytes', 'p50 ms'],
        pairs.flatMap((p) =>
          (['plain', 'gzip'] as const).map((k) => [
            p.exporter,
            k,
            f(p[k].cpuMsPerScrape, 3),
            String(p[k].bodyBytes),
            f(p[k].p50Ms, 2),
          ])
        )
      ),
      ...pairs.map(
        (p) =>
          `${p.exporter}: gzip costs ${f(p.extraCpuMsPerScrape, 3)} ms of CPU per scrape and sends ${f(p.sizeRatio * 100, 1)} % of the bytes`
      ),
      ...(g.cpuRatio
        ? [
            `CPU per scrape, ours/theirs (median of per-round ratios): plain ${f(g.cpuRatio.plain, 2)}×, gzip ${f(g.cpuRatio.gzip, 2)}×`,
          ]
        : [])
    )
  }
  if (r.spaced) {
    const s = r.spaced
    out.push(
      `\nScrapes ${s.spacingMs} ms apart, with gzip (${s.scrapes} each; CPU between scrapes counted in them):`,
      table(
        ['exporter', 'exporter CPU ms/scrape', 'p50 ms', 'RSS MB at the end'],
        s.sides.map((x) => [
          x.exporter,
          f(x.cpuMsPerScrape, 3),
          f(x.p50Ms, 2),
          f(x.rssBytes / 1e6, 1),
        ])
      ),
      ...(s.cpuRatio !== undefined ? [`CPU per scrape, ours/theirs: ${f(s.cpuRatio, 2)}×`] : [])
    )
  }
  out.push(
    '\nTargets:',
    table(
      ['target', 'wanted', 'measured', 'status'],
      r.targets.map((t) => [
        t.description,
        t.target,
        t.measured === null ? '–' : `${f(t.measured, 2)}${t.unit === 'x' ? 'x' : ` ${t.unit}`}`,
        t.met === null ? t.gap : t.met ? 'MET' : `MISSED (${t.gap})`,
      ])
    )
  )
  if (r.errors.length > 0) out.push('\nErrors:', ...r.errors.map((e) => `- ${e}`))
  return out.join('\n')
}

/** Writes the JSON with non-integers rounded to 3 decimals (µs, ms and ratios need no more). */
export function writeResults(file: string, r: Results): void {
  const replacer = (_key: string, v: unknown) =>
    typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v)
      ? Math.round(v * 1000) / 1000
      : v
  writeFileSync(file, `${JSON.stringify(r, replacer, 2)}\n`)
}
