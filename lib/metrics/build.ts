import type { Snapshot } from '../collect/collect'
import { COLLECTOR_STEPS } from '../collect/plan'
import type { MetricFamily } from '../types'
import { addCommandFamilies, addLatencyLatest, addSlowlog } from './build-commands'
import { addLatencyHistogram } from './build-latency'
import { addConfigFamilies, configDatabases } from './build-config'
import { addInfoFields } from './build-info'
import { addKeyspaceFamilies } from './build-keyspace'
import { addOptInFamilies } from './build-opt-ins'
import { addServerFamilies } from './build-server'
import { FAMILIES } from './catalog/families'
import type { Descriptor } from './descriptor'
import type { PageLimits } from './family-set'
import { FamilySet } from './family-set'
import { selectsSource } from './select-sources'
import { instanceRoleLabel, withInstanceRole } from './instance-role'
import type { CollectorSettings } from '../settings/collector-settings'

export interface BuildOptions {
  readonly namespace: string
  readonly includeSystemMetrics: boolean
  readonly includeMetricsForEmptyDatabases: boolean
  /** Seconds since the epoch, for `start_time_seconds`. */
  readonly nowSeconds: number
  /** The page caps; MAX_PAGE_SAMPLES and MAX_PAGE_BYTES by default. */
  readonly limits?: PageLimits
  /** redis_exporter's opt-in collectors; all off when absent. */
  readonly optIns?: CollectorSettings
  /** Only these families are built (a push's plan, lib/push/push-plan.ts); absent: all of them. */
  readonly select?: (desc: Descriptor) => boolean
}

export interface SelfMetrics {
  readonly durationSeconds: number
  readonly scrapesTotal: number
  readonly scrapeDurationSum: number
  /** Only on the main endpoint: `/scrape` requests rejected as malformed. */
  readonly targetScrapeRequestErrors?: number
  /** Only on the main endpoint: discovered nodes left out since start (Topology.counts). */
  readonly discovery?: { readonly outOfScope: number; readonly truncated: number }
  /** Absent with REDIS_EXPORTER_REDIS_ONLY_METRICS. */
  readonly buildInfo?: {
    readonly version: string
    readonly commitSha: string
    readonly buildDate: string
    readonly runtimeVersion: string
  }
}

/** The sources of what addCommandFamilies builds, and of the LATENCY HISTOGRAM its sums feed. */
const COMMAND_SOURCES = [
  'INFO commandstats',
  'INFO latencystats',
  'INFO errorstats',
  'LATENCY HISTOGRAM',
]

/** Turns one scrape's snapshot into metric families, redis_exporter-compatible, sorted by name. */
export function buildFamilies(
  snapshot: Snapshot,
  self: SelfMetrics,
  opts: BuildOptions
): MetricFamily[] {
  const set = new FamilySet(opts.namespace, opts.limits, opts.select)
  addFamilies(set, snapshot, self, opts)
  if (!opts.optIns?.appendInstanceRoleLabel) return set.list()
  return withInstanceRole(set.list(), opts.namespace, pageRole(snapshot))
}

/**
 * The page of `buildFamilies`, byte for byte, written in one pass: each sample's line as it is
 * added (FamilySet's text mode), no sample objects; `instance_role` is written on the lines.
 */
export function buildPage(snapshot: Snapshot, self: SelfMetrics, opts: BuildOptions): string {
  const role = opts.optIns?.appendInstanceRoleLabel ? pageRole(snapshot) : undefined
  const set = new FamilySet(
    opts.namespace,
    opts.limits,
    opts.select,
    role === undefined ? {} : { appendLabel: instanceRoleLabel(role) }
  )
  addFamilies(set, snapshot, self, opts)
  return set.page()
}

/** INFO `role`, for REDIS_EXPORTER_APPEND_INSTANCE_ROLE_LABEL; none on a failed scrape. */
function pageRole(snapshot: Snapshot): string | undefined {
  return snapshot.up ? snapshot.info['role'] : undefined
}

function addFamilies(set: FamilySet, snapshot: Snapshot, self: SelfMetrics, opts: BuildOptions) {
  // The exporter's own families first (then the collectors'), so the page caps never leave them out.
  addSelfFamilies(set, snapshot, self)
  if (snapshot.up) {
    addCollectorFamilies(set, snapshot)
    const { info } = snapshot
    addInfoFields(set, info, opts)
    addServerFamilies(set, info, opts.nowSeconds)
    addKeyspaceFamilies(set, info, {
      databases: configDatabases(snapshot.config),
      zeroFill: opts.includeMetricsForEmptyDatabases,
    })
    const usecByCmd = selectsSource(opts.select, ...COMMAND_SOURCES)
      ? addCommandFamilies(set, info)
      : new Map<string, number>()
    addLatencyLatest(set, snapshot.replies.get('latency_latest')?.[0])
    addLatencyHistogram(set, snapshot.replies.get('latency_histogram')?.[0], usecByCmd)
    addSlowlog(
      set,
      snapshot.replies.get('slowlog_len')?.[0],
      snapshot.replies.get('slowlog_get')?.[0]
    )
    addConfigFamilies(set, snapshot.config, info)
    if (snapshot.keys && snapshot.addKeyFamilies) {
      const databases = configDatabases(snapshot.config) ?? 16
      snapshot.addKeyFamilies(set, snapshot.keys, { databases })
    }
    addOptInFamilies(set, snapshot, opts)
  }
  set.sampleUncapped(FAMILIES.exporter_last_scrape_truncated_samples, set.truncated)
  set.sampleUncapped(FAMILIES.exporter_last_scrape_duplicate_samples, set.duplicates)
}

/** Key groups (always 0) and, per optional collector, whether it answered and is offered. */
function addCollectorFamilies(set: FamilySet, snapshot: Snapshot): void {
  const groupsMs = Math.round(snapshot.keys?.groupsDurationMs ?? 0)
  set.sample(FAMILIES.last_key_groups_scrape_duration_milliseconds, groupsMs)
  for (const [collector, keys] of COLLECTOR_STEPS) {
    const replies = keys.flatMap((k) => snapshot.replies.get(k) ?? [])
    let ok: number | undefined
    if (keys.some((k) => snapshot.unavailable.includes(k))) ok = 0
    else if (replies.length > 0) ok = replies.every((r) => r.ok) ? 1 : 0
    else if (collector === 'config' && snapshot.config) ok = 1
    if (ok !== undefined) set.sample(FAMILIES.exporter_collector_success, ok, { collector })
  }
  for (const [collector, available] of snapshot.available ?? []) {
    set.sample(FAMILIES.exporter_collector_available, available ? 1 : 0, { collector })
  }
}

function addSelfFamilies(set: FamilySet, snapshot: Snapshot, self: SelfMetrics): void {
  // A failing Lua script fails the scrape in redis_exporter too (redis_up 0), its families kept.
  const error = snapshot.keys?.scriptError ?? snapshot.error
  const up = snapshot.up && snapshot.keys?.scriptError === undefined
  set.sample(FAMILIES.up, up ? 1 : 0)
  set.sample(FAMILIES.exporter_last_scrape_error, up ? 0 : 1, { err: error })
  set.sample(FAMILIES.exporter_last_scrape_duration_seconds, self.durationSeconds)
  set.sum(FAMILIES.exporter_scrape_duration_seconds, self.scrapeDurationSum)
  set.count(FAMILIES.exporter_scrape_duration_seconds, self.scrapesTotal)
  set.sample(FAMILIES.exporter_scrapes_total, self.scrapesTotal)
  set.sample(FAMILIES.exporter_last_scrape_connect_time_seconds, snapshot.connectSeconds)
  if (snapshot.pingSeconds !== undefined) {
    set.sample(FAMILIES.exporter_last_scrape_ping_time_seconds, snapshot.pingSeconds)
  }
  if (self.targetScrapeRequestErrors !== undefined) {
    set.sample(FAMILIES.target_scrape_request_errors_total, self.targetScrapeRequestErrors)
  }
  if (self.discovery) addDiscoveryFamilies(set, self.discovery)
  if (self.buildInfo) {
    const b = self.buildInfo
    set.sample(FAMILIES.exporter_build_info, 1, {
      version: b.version,
      commit_sha: b.commitSha,
      build_date: b.buildDate,
      runtime_version: b.runtimeVersion,
    })
  }
}

/** The discovery self-metrics (main page only; also the proxy-only page, REDIS_ADDR=""). */
export function addDiscoveryFamilies(
  set: FamilySet,
  counts: NonNullable<SelfMetrics['discovery']>
): void {
  set.sample(FAMILIES.exporter_discovery_out_of_scope_nodes_total, counts.outOfScope)
  set.sample(FAMILIES.exporter_discovery_truncated_nodes_total, counts.truncated)
}
