// `npm run bench`: our Node server side by side with redis_exporter against the same Redis.
// Settings: bench/settings.ts (BENCH_QUICK=1 for a ~1 minute smoke run); output: bench/README.md.
import { cpus, totalmem } from 'node:os'
import { startRedis } from '../test/helpers/redis-server'
import type { RedisServer } from '../test/helpers/redis-server'
import { buildBundles, bundleSizes } from './bundles'
import type { BuildResult } from './bundles'
import { measureWire } from './cost'
import type { WirePhase } from './cost'
import { fillDataset } from './dataset'
import type { Exporter, ExporterKind } from './exporters'
import { coldStarts, redisExporterVersion, startExporter } from './exporters'
import { measureFanout } from './fanout'
import type { FanoutResult } from './fanout'
import { measureGzip } from './gzip'
import { measureSpaced } from './spaced'
import type { SpacedResult } from './spaced'
import type { GzipResult } from './gzip'
import { lambdaColdStart } from './lambda'
import type { LambdaColdStart } from './lambda'
import { measureMemory } from './memory'
import type { MemoryResult } from './memory'
import { cpuProbeMs, loadAverage, sampleProc } from './proc-stats'
import { cleanupAll, installSignalHandlers, onCleanup } from './procs'
import { RedisProbe } from './redis-stats'
import { formatReport, writeResults } from './report'
import type { ExporterResult, Results } from './report'
import { runRounds } from './rounds'
import { readSettings } from './settings'
import { median, round } from './stats'
import { ratios, summarizeLoad, summarizeWire } from './summarize'
import { checkTargets } from './targets'

const log = (line: string) =>
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`)

async function phase<T>(
  name: string,
  errors: string[],
  fn: () => Promise<T>
): Promise<T | undefined> {
  log(`${name}…`)
  try {
    return await fn()
  } catch (err) {
    const message = `${name} failed: ${err instanceof Error ? err.message : String(err)}`
    errors.push(message.slice(0, 4_000))
    log(message)
    return undefined
  }
}

async function main(): Promise<void> {
  installSignalHandlers()
  const settings = readSettings()
  const startedAt = new Date()
  const loadavgStart = loadAverage()
  const cpuProbeStart = cpuProbeMs()
  const errors: string[] = []
  log(`${settings.quick ? 'quick' : 'full'} run; results go to ${settings.resultsFile}`)

  let build: BuildResult = { ok: true, command: 'skipped (BENCH_NO_BUILD or BENCH_OURS)' }
  if (settings.build) {
    log('building bundles (node scripts/build.mjs)…')
    build = await buildBundles(settings.root)
    if (!build.ok)
      errors.push(`full build failed, built the Node bundle alone: ${build.error ?? ''}`)
  }
  const bundles = bundleSizes(settings.root)

  log('starting redis-server with the dataset and a replica…')
  const master = await startRedis({ args: ['--repl-diskless-sync', 'yes'] })
  onCleanup(() => master.stop())
  const dataset = await fillDataset(master.port, settings.keys, settings.dbs)
  const replica: RedisServer = await startRedis({ replicaOf: { port: master.port } })
  onCleanup(() => replica.stop())
  const redisVersion =
    /redis_version:(\S+)/.exec(String(await master.command('INFO', 'server')))?.[1] ?? '?'
  log(
    `dataset: ${dataset.keys} keys, ${dataset.distinctCommands} commands, filled in ${dataset.fillSeconds.toFixed(1)} s`
  )
  if (dataset.distinctCommands < 40)
    errors.push(`only ${dataset.distinctCommands} commands in commandstats`)

  const startOpts = {
    redisPort: master.port,
    oursBundle: settings.oursBundle,
    ...(settings.candidateBundle ? { candidateBundle: settings.candidateBundle } : {}),
    candidateFlags: settings.candidateFlags,
    ...(settings.cpuProfDir
      ? { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfDir}`] }
      : {}),
  }
  const theirsVersion = redisExporterVersion()
  const kinds: ExporterKind[] = [
    'ours',
    ...(settings.candidateBundle ? (['candidate'] as const) : []),
    ...(theirsVersion ? (['redis_exporter'] as const) : []),
  ]
  if (!theirsVersion)
    log('redis_exporter (prometheus-redis-exporter) is not installed: measuring ours alone')

  const cold: Partial<Record<ExporterKind, number[]>> = {}
  for (const kind of kinds) {
    const runs = await phase(`cold start of ${kind}`, errors, () =>
      coldStarts(kind, { ...startOpts, nodeFlags: [] }, settings.coldStartRuns)
    )
    if (runs) cold[kind] = runs
  }

  const probe = await RedisProbe.open(master.port)
  onCleanup(async () => probe.close())
  await probe.calibrate()

  const exporters: Exporter[] = []
  for (const kind of kinds) {
    const e = await startExporter(kind, startOpts)
    if (e) exporters.push(e)
  }
  log(
    `throughput: ${settings.rounds} rounds × ${settings.concurrencies.join('/')} concurrency × ${settings.seconds} s per exporter, in ${settings.slices} alternating slices, after ${settings.warmupScrapes} warm-up scrapes`
  )
  const runs = await runRounds(exporters, probe, {
    rounds: settings.rounds,
    seconds: settings.seconds,
    slices: settings.slices,
    warmupScrapes: settings.warmupScrapes,
    concurrencies: settings.concurrencies,
    log,
  })
  const oursExporter = exporters.find((e) => e.kind === 'ours')
  const gzip: GzipResult | undefined = oursExporter
    ? await phase('gzip on/off', errors, () =>
        measureGzip(
          oursExporter,
          exporters.find((e) => e.kind === 'redis_exporter'),
          { rounds: settings.rounds, scrapes: settings.gzipScrapes }
        )
      )
    : undefined
  const spaced: SpacedResult | undefined = await phase(
    `${settings.spacedScrapes} scrapes ${settings.spacedMs} ms apart`,
    errors,
    () =>
      measureSpaced(
        exporters.map((e) => ({ name: e.kind, pid: e.proc.pid, url: e.metricsUrl })),
        { scrapes: settings.spacedScrapes, spacingMs: settings.spacedMs }
      )
  )
  const peakRss: Partial<Record<ExporterKind, number>> = {}
  for (const e of exporters) {
    peakRss[e.kind] = sampleProc(e.proc.pid).hwmBytes
    await e.stop()
  }

  const wire: WirePhase | undefined = await phase(
    'round trips through a counting proxy',
    errors,
    () =>
      measureWire(kinds, {
        ...startOpts,
        nodeFlags: [],
        rounds: settings.rounds,
        scrapes: settings.costScrapes,
      })
  )
  const memory: MemoryResult | undefined = await phase(
    `Node memory over ${settings.memoryCheckpoints.at(-1)} scrapes`,
    errors,
    () => measureMemory({ ...startOpts, nodeFlags: [], checkpoints: settings.memoryCheckpoints })
  )
  const candidateMemory: MemoryResult | undefined = settings.candidateBundle
    ? await phase('candidate memory', errors, () =>
        measureMemory({
          ...startOpts,
          nodeFlags: [],
          checkpoints: settings.memoryCheckpoints,
          kind: 'candidate',
        })
      )
    : undefined
  const lambda: LambdaColdStart | undefined = await phase('Lambda scrape cold start', errors, () =>
    lambdaColdStart(settings.root, `redis://127.0.0.1:${master.port}`, settings.coldStartRuns)
  )
  if (lambda?.error) errors.push(`Lambda scrape cold start: ${lambda.error}`)
  const fanout: FanoutResult | undefined = await phase(
    `fan-out over ${settings.fanoutTargets} targets`,
    errors,
    () =>
      measureFanout({
        root: settings.root,
        targets: settings.fanoutTargets,
        servers: settings.fanoutServers,
        maxDelayMs: settings.fanoutMaxDelayMs,
        runs: settings.fanoutRuns,
        warmupRuns: settings.fanoutWarmupRuns,
        env: settings.fanoutEnv,
      })
  )

  const exporterResult = (kind: ExporterKind, version: string | undefined): ExporterResult => {
    if (!kinds.includes(kind)) {
      return {
        available: false,
        reason: 'prometheus-redis-exporter / redis_exporter not installed',
      }
    }
    const load: Record<string, ReturnType<typeof summarizeLoad>> = {}
    for (const c of settings.concurrencies) {
      const rs = runs.filter((r) => r.exporter === kind && r.concurrency === c)
      if (rs.length > 0) load[`c${c}`] = summarizeLoad(rs)
    }
    const w = wire ? summarizeWire(wire, kind) : undefined
    const coldRuns = cold[kind]
    return {
      available: true,
      ...(version ? { version } : {}),
      ...(coldRuns ? { coldStartMs: median(coldRuns), coldStartRuns: coldRuns } : {}),
      ...(peakRss[kind] !== undefined ? { peakRssBytes: peakRss[kind] } : {}),
      load,
      ...(w ? { wire: w } : {}),
    }
  }
  const ours = exporterResult('ours', undefined)
  const theirs = exporterResult('redis_exporter', theirsVersion)
  const candidate = settings.candidateBundle ? exporterResult('candidate', undefined) : undefined
  const ratioSets = ratios(runs, settings.concurrencies)
  const candidateRatios = candidate ? ratios(runs, settings.concurrencies, 'candidate') : undefined
  const targets = checkTargets({
    ratios: ratioSets.median,
    ...(ours.wire ? { wire: ours.wire } : {}),
    ...(ours.load?.['c1']
      ? { warmNewConnections: ours.load['c1'].redisNewConnectionsPerScrape }
      : {}),
    ...(memory ? { memory } : {}),
    bundles,
    ...(lambda ? { lambda } : {}),
    ...(fanout ? { fanout } : {}),
    ...(gzip ? { gzip } : {}),
  })
  const finishedAt = new Date()
  const results: Results = {
    schemaVersion: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    wallSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    mode: settings.quick ? 'quick' : 'full',
    settings: { ...settings },
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? '?',
      totalMemoryBytes: totalmem(),
      node: process.version,
      loadavgStart,
      loadavgEnd: loadAverage(),
      cpuProbeMs: { start: round(cpuProbeStart, 1), end: round(cpuProbeMs(), 1) },
    },
    build,
    dataset: { ...dataset, replica: true, redisVersion },
    exporters: { ours, redis_exporter: theirs, ...(candidate ? { candidate } : {}) },
    ratios: ratioSets,
    ...(candidateRatios ? { candidateRatios } : {}),
    ...(candidateMemory ? { candidateMemory } : {}),
    runs,
    wireRuns: wire?.runs ?? [],
    ...(memory ? { memory } : {}),
    bundles,
    ...(lambda ? { lambda } : {}),
    ...(fanout ? { fanout } : {}),
    ...(gzip ? { gzip } : {}),
    ...(spaced ? { spaced } : {}),
    targets,
    errors,
  }
  writeResults(settings.resultsFile, results)
  console.log(formatReport(results))
  log(`wrote ${settings.resultsFile}`)
}

main()
  .catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err)
    process.exitCode = 1
  })
  .finally(() => cleanupAll())
