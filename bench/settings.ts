import { resolve } from 'node:path'

/** Everything the run can be tuned with, read once from the environment. */
export interface Settings {
  readonly quick: boolean
  /** Alternating rounds (A B per round) of the throughput phase. */
  readonly rounds: number
  /** Seconds each exporter is loaded per round and concurrency. */
  readonly seconds: number
  /** Turns those seconds are cut into, the exporters alternating (bench/rounds.ts). */
  readonly slices: number
  /** Scrapes per exporter and concurrency before the first round. */
  readonly warmupScrapes: number
  readonly concurrencies: readonly number[]
  /** Sequential scrapes per exporter per round in the round-trip (proxied) phase. */
  readonly costScrapes: number
  /**
   * Sequential scrapes per exporter, encoding and round in the gzip phase: enough that `/proc`'s
   * 10 ms CPU ticks resolve 0.025 ms per scrape (100 scrapes read 0.1 ms steps).
   */
  readonly gzipScrapes: number
  /** Scrapes per exporter `spacedMs` apart (`BENCH_SPACED_SCRAPES`, `BENCH_SPACED_MS`). */
  readonly spacedScrapes: number
  readonly spacedMs: number
  /** Scrape counts at which the Node server's memory is read (first and last are compared). */
  readonly memoryCheckpoints: readonly number[]
  readonly coldStartRuns: number
  /** Keys written to the benchmark Redis, spread over `dbs` databases. */
  readonly keys: number
  readonly dbs: number
  readonly fanoutTargets: number
  readonly fanoutServers: number
  /** Added round-trip time of the slowest fan-out target (the others get less, evenly spread). */
  readonly fanoutMaxDelayMs: number
  readonly fanoutRuns: number
  /** Fan-out runs before the measured ones, reported apart (`BENCH_FANOUT_WARMUP`, 1; 0 for none). */
  readonly fanoutWarmupRuns: number
  /** Extra push-handler settings for the fan-out (`BENCH_FANOUT_ENV`, a JSON object). */
  readonly fanoutEnv: Readonly<Record<string, string>>
  /** Repository root (bundles, scripts/build.mjs). */
  readonly root: string
  /** The Node server bundle to benchmark (`BENCH_OURS`, default dist/node.mjs). */
  readonly oursBundle: string
  /** A second Node server bundle measured alongside (`BENCH_CANDIDATE`), e.g. a patched build. */
  readonly candidateBundle?: string
  /** Extra `node` flags for the candidate only (`BENCH_CANDIDATE_FLAGS`, space-separated). */
  readonly candidateFlags: readonly string[]
  readonly build: boolean
  /** When set, our server runs with `--cpu-prof` and writes its profile here. */
  readonly cpuProfDir?: string
  readonly resultsFile: string
}

/** A positive number from the environment; with `zero`, 0 too (a count that may be none). */
const num = (name: string, fallback: number, zero = false): number => {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isFinite(n) || n < 0 || (n === 0 && !zero))
    throw new Error(`${name} must be a ${zero ? 'non-negative' : 'positive'} number, got ${raw}`)
  return n
}

const flag = (name: string): boolean => /^(1|true|yes|on)$/i.test(process.env[name] ?? '')

export function readSettings(): Settings {
  const quick = flag('BENCH_QUICK')
  const root = resolve(import.meta.dirname, '..')
  const memoryMax = num('BENCH_MEMORY_SCRAPES', quick ? 2_000 : 10_000)
  const memoryStep = memoryMax / 10
  const profDir = process.env['BENCH_CPU_PROF']
  const candidate = process.env['BENCH_CANDIDATE']
  return {
    quick,
    rounds: Math.round(num('BENCH_ROUNDS', quick ? 2 : 3)),
    seconds: num('BENCH_SECONDS', quick ? 3 : 8),
    slices: Math.max(1, Math.round(num('BENCH_SLICES', quick ? 3 : 8))),
    warmupScrapes: Math.round(num('BENCH_WARMUP_SCRAPES', quick ? 500 : 2_000, true)),
    concurrencies: [1, 16],
    costScrapes: Math.round(num('BENCH_COST_SCRAPES', quick ? 30 : 100)),
    gzipScrapes: Math.round(num('BENCH_GZIP_SCRAPES', quick ? 60 : 400)),
    spacedScrapes: Math.round(num('BENCH_SPACED_SCRAPES', quick ? 10 : 60)),
    spacedMs: num('BENCH_SPACED_MS', 1_100),
    memoryCheckpoints: Array.from({ length: 10 }, (_, i) => Math.round(memoryStep * (i + 1))),
    coldStartRuns: Math.round(num('BENCH_COLD_RUNS', quick ? 2 : 5)),
    keys: Math.round(num('BENCH_KEYS', 100_000)),
    dbs: 4,
    fanoutTargets: Math.round(num('BENCH_FANOUT_TARGETS', 300)),
    fanoutServers: 4,
    fanoutMaxDelayMs: num('BENCH_FANOUT_DELAY_MS', 50),
    fanoutRuns: Math.round(num('BENCH_FANOUT_RUNS', quick ? 1 : 3)),
    fanoutWarmupRuns: Math.round(num('BENCH_FANOUT_WARMUP', 1, true)),
    fanoutEnv: JSON.parse(process.env['BENCH_FANOUT_ENV'] ?? '{}') as Record<string, string>,
    root,
    oursBundle: resolve(root, process.env['BENCH_OURS'] ?? 'dist/node.mjs'),
    ...(candidate ? { candidateBundle: resolve(root, candidate) } : {}),
    candidateFlags: (process.env['BENCH_CANDIDATE_FLAGS'] ?? '').split(/\s+/).filter(Boolean),
    build: !flag('BENCH_NO_BUILD') && process.env['BENCH_OURS'] === undefined,
    ...(profDir ? { cpuProfDir: resolve(profDir) } : {}),
    resultsFile: resolve(root, process.env['BENCH_RESULTS'] ?? 'bench/results.json'),
  }
}
