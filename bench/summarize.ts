import type { WirePhase } from './cost'
import type { ExporterKind } from './exporters'
import type { ProxyCounts } from './proxy'
import type { RunRecord } from './rounds'
import { median, ratio, spreadPct } from './stats'

/** Medians over rounds of one exporter at one concurrency. */
export interface LoadSummary {
  readonly rounds: number
  readonly scrapesPerSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly meanMs: number
  readonly cpuMsPerScrape: number
  readonly responseBytes: number
  readonly redisCommandsPerScrape: number
  readonly redisUsecPerScrape: number
  readonly redisNewConnectionsPerScrape: number
  readonly redisBytesOutPerScrape: number
  /** Calls per scrape by command. */
  readonly redisCommands: Readonly<Record<string, number>>
  /** usec per scrape by command. */
  readonly redisUsecByCommand: Readonly<Record<string, number>>
  /** Load generator CPU per scrape (this process): a check on how much the client itself costs. */
  readonly clientCpuMsPerScrape: number
  readonly errors: number
  /** (max - min) / median over rounds, percent: how noisy this figure was. */
  readonly spreadPct: { readonly scrapesPerSecond: number; readonly p50Ms: number }
}

export interface WireSummary {
  readonly roundTripsPerScrape: number
  readonly newConnectionsPerScrape: number
  readonly bytesToRedisPerScrape: number
  readonly bytesFromRedisPerScrape: number
  readonly firstScrape?: ProxyCounts
}

export interface RatioSet {
  readonly scrapesPerSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly cpuMsPerScrape: number
  readonly redisUsecPerScrape: number
  readonly redisCommandsPerScrape: number
  readonly responseBytes: number
}

export function summarizeLoad(records: readonly RunRecord[]): LoadSummary {
  const m = (f: (r: RunRecord) => number) => median(records.map(f))
  const commands: Record<string, number> = {}
  const usec: Record<string, number> = {}
  for (const cmd of new Set(records.flatMap((r) => Object.keys(r.redis.byCommand)))) {
    commands[cmd] = m((r) => r.redis.byCommand[cmd] ?? 0)
    usec[cmd] = m((r) => r.redis.usecByCommand[cmd] ?? 0)
  }
  return {
    rounds: records.length,
    scrapesPerSecond: m((r) => r.load.scrapesPerSecond),
    p50Ms: m((r) => r.load.p50Ms),
    p99Ms: m((r) => r.load.p99Ms),
    meanMs: m((r) => r.load.meanMs),
    cpuMsPerScrape: m((r) => r.cpuMsPerScrape),
    responseBytes: m((r) => r.load.responseBytes),
    redisCommandsPerScrape: m((r) => r.redis.commands),
    redisUsecPerScrape: m((r) => r.redis.usec),
    redisNewConnectionsPerScrape: m((r) => r.redis.newConnections),
    redisBytesOutPerScrape: m((r) => r.redis.bytesOut),
    redisCommands: commands,
    redisUsecByCommand: usec,
    clientCpuMsPerScrape: m((r) => r.load.clientCpuMsPerScrape),
    errors: records.reduce((a, r) => a + r.load.errors, 0),
    spreadPct: {
      scrapesPerSecond: spreadPct(records.map((r) => r.load.scrapesPerSecond)),
      p50Ms: spreadPct(records.map((r) => r.load.p50Ms)),
    },
  }
}

export function summarizeWire(phase: WirePhase, kind: ExporterKind): WireSummary | undefined {
  const runs = phase.runs.filter((r) => r.exporter === kind)
  if (runs.length === 0) return undefined
  const first = phase.firstScrape[kind]
  return {
    roundTripsPerScrape: median(runs.map((r) => r.roundTripsPerScrape)),
    newConnectionsPerScrape: median(runs.map((r) => r.newConnectionsPerScrape)),
    bytesToRedisPerScrape: median(runs.map((r) => r.bytesToRedisPerScrape)),
    bytesFromRedisPerScrape: median(runs.map((r) => r.bytesFromRedisPerScrape)),
    ...(first ? { firstScrape: first } : {}),
  }
}

function ratioOf(a: RunRecord, b: RunRecord): RatioSet {
  return {
    scrapesPerSecond: ratio(a.load.scrapesPerSecond, b.load.scrapesPerSecond),
    p50Ms: ratio(a.load.p50Ms, b.load.p50Ms),
    p99Ms: ratio(a.load.p99Ms, b.load.p99Ms),
    cpuMsPerScrape: ratio(a.cpuMsPerScrape, b.cpuMsPerScrape),
    redisUsecPerScrape: ratio(a.redis.usec, b.redis.usec),
    redisCommandsPerScrape: ratio(a.redis.commands, b.redis.commands),
    responseBytes: ratio(a.load.responseBytes, b.load.responseBytes),
  }
}

/** ours/theirs for every round and concurrency, and the median of those per-round ratios. */
export function ratios(
  records: readonly RunRecord[],
  concurrencies: readonly number[],
  kind: ExporterKind = 'ours'
) {
  const perRound: (RatioSet & { round: number; concurrency: number })[] = []
  const medians: Record<string, RatioSet> = {}
  for (const c of concurrencies) {
    const rows: RatioSet[] = []
    for (const ours of records.filter((r) => r.exporter === kind && r.concurrency === c)) {
      const theirs = records.find(
        (r) => r.exporter === 'redis_exporter' && r.concurrency === c && r.round === ours.round
      )
      if (!theirs) continue
      const set = ratioOf(ours, theirs)
      rows.push(set)
      perRound.push({ round: ours.round, concurrency: c, ...set })
    }
    if (rows.length === 0) continue
    const m = (k: keyof RatioSet) => median(rows.map((r) => r[k]))
    medians[`c${c}`] = {
      scrapesPerSecond: m('scrapesPerSecond'),
      p50Ms: m('p50Ms'),
      p99Ms: m('p99Ms'),
      cpuMsPerScrape: m('cpuMsPerScrape'),
      redisUsecPerScrape: m('redisUsecPerScrape'),
      redisCommandsPerScrape: m('redisCommandsPerScrape'),
      responseBytes: m('responseBytes'),
    }
  }
  return { perRound, median: medians }
}
