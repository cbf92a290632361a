import type { MetricFamily, MetricType, Sample } from '../types'
import type { MetricRule } from './default-metrics'
import { DEFAULT_CLOUDWATCH_METRICS, inferUnit, matchesGlob } from './default-metrics'
import { MAX_DIMENSIONS, dimensionValue } from './dimensions'
import type { CloudWatchOptions } from './push-config'
import type { CloudWatchDatum, FamilySelection, TargetData, TargetResult } from './types'

/** CloudWatch rejects NaN, ±Infinity and magnitudes above 2^360. */
const MAX_VALUE = 2 ** 360

/** The smallest interval a counter rate is computed over. */
const MIN_RATE_INTERVAL_MS = 1000

/**
 * Picks and converts one target's families for CloudWatch:
 * - the default set, plus `include` globs, minus `exclude` globs (matched on family names);
 * - summaries, histograms and `_info` families are never sent; samples with labels are folded
 *   into one value (sum, or max for replica lag);
 * - gauges are sent as they are, under their Prometheus name;
 * - counters are sent as per-second rates named `<name without _total>_per_second`, only when the
 *   previous sample of the same server run (same `run_id`) is known, at least 1 s old and not
 *   larger (otherwise that rate is left out of this push);
 * - non-finite values are dropped;
 * - a selected gauge of keys or streams (labels `db` and `key` or `stream`: `redis_key_size`,
 *   `redis_stream_length`, `redis_stream_group_lag`…) is also sent per sample, its labels as
 *   dimensions, at most `maxKeyMetrics` data points per target (a warning names the setting).
 */
export function cloudWatchData(result: TargetResult, cw: CloudWatchOptions): TargetData {
  const rules = selectRules(result.families, cw)
  const previous = result.previous
  const elapsedMs =
    previous && result.collectedAtMs !== undefined
      ? result.collectedAtMs - previous.timestampMs
      : undefined
  const sameRun =
    previous !== undefined &&
    (previous.runId === undefined || result.runId === undefined || previous.runId === result.runId)
  const previousByName = new Map(previous?.families.map((f) => [f.name, f]))
  const metrics: CloudWatchDatum[] = []
  const dimensions = { target: result.id, role: result.role ?? 'unknown', ...result.dimensions }
  const perKey = new PerKey(cw.maxKeyMetrics ?? DEFAULT_MAX_KEY_METRICS, dimensions)
  for (const family of result.families) {
    const rule = rules.get(family.name)
    if (!rule) continue
    const value = fold(family, rule)
    if (value === undefined) continue
    if (family.type === 'counter') {
      if (!sameRun || elapsedMs === undefined || elapsedMs < MIN_RATE_INTERVAL_MS) continue
      const before = previousByName.get(family.name)
      const prior = before ? fold(before, rule) : undefined
      if (prior === undefined || value < prior) continue
      pushFinite(metrics, rateName(family.name), rule.unit, ((value - prior) * 1000) / elapsedMs)
    } else {
      pushFinite(metrics, family.name, rule.unit, value)
      if (isPerKey(family)) perKey.add(metrics, family, rule)
    }
  }
  const warnings = perKey.warnings(result.id)
  return {
    id: result.id,
    dimensions,
    timestampMs: result.timestampMs ?? result.collectedAtMs ?? 0,
    metrics,
    ...(warnings.length > 0 ? { warnings } : {}),
  }
}

/** REDIS_EXPORTER_CLOUDWATCH_MAX_KEY_METRICS's default. */
export const DEFAULT_MAX_KEY_METRICS = 100

/** A gauge per key or stream (`val`, the text of a string value, is never a dimension). */
function isPerKey(family: MetricFamily): boolean {
  const labels = family.samples[0]?.labels
  if (!labels || !('db' in labels) || 'val' in labels) return false
  return 'key' in labels || 'stream' in labels
}

/** The per-key data points of one target, within the cap and CloudWatch's 30 dimensions. */
class PerKey {
  #left: number
  #capped = 0
  #tooMany = 0
  readonly #max: number
  readonly #target: Readonly<Record<string, string>>

  constructor(max: number, target: Readonly<Record<string, string>>) {
    this.#max = max
    this.#left = max
    this.#target = target
  }

  add(into: CloudWatchDatum[], family: MetricFamily, rule: MetricRule): void {
    if (this.#max === 0) return
    for (const sample of family.samples) {
      const dimensions = sampleDimensions(sample)
      if (!dimensions || !Number.isFinite(sample.value)) continue
      if (Object.keys({ ...this.#target, ...dimensions }).length > MAX_DIMENSIONS) {
        this.#tooMany += 1
      } else if (this.#left <= 0) {
        this.#capped += 1
      } else if (Math.abs(sample.value) <= MAX_VALUE) {
        this.#left -= 1
        into.push({ name: family.name, unit: rule.unit, value: sample.value, dimensions })
      }
    }
  }

  warnings(id: string): string[] {
    const out: string[] = []
    if (this.#capped > 0) {
      out.push(
        `target ${id}: ${this.#capped} per-key data points left out (at most ${this.#max} per target; raise REDIS_EXPORTER_CLOUDWATCH_MAX_KEY_METRICS, or narrow REDIS_EXPORTER_CLOUDWATCH_INCLUDE_METRICS or the checked keys)`
      )
    }
    if (this.#tooMany > 0) {
      out.push(
        `target ${id}: ${this.#tooMany} per-key data points left out: with their db/key dimensions they exceed CloudWatch's ${MAX_DIMENSIONS} (use fewer REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS)`
      )
    }
    return out
  }
}

/** A sample's labels as dimensions; undefined when one cannot be written (empty). */
function sampleDimensions(sample: Sample): Record<string, string> | undefined {
  const out: Record<string, string> = {}
  for (const [name, raw] of Object.entries(sample.labels)) {
    const value = dimensionValue(raw)
    if (value === undefined) return undefined
    out[name] = value
  }
  return out
}

/** `redis_commands_processed_total` → `redis_commands_processed_per_second`. */
export function rateName(family: string): string {
  return `${family.replace(/_total$/, '')}_per_second`
}

function selectRules(
  families: readonly MetricFamily[],
  cw: CloudWatchOptions
): Map<string, MetricRule> {
  const out = new Map<string, MetricRule>()
  for (const family of families) {
    const rule = cloudWatchRule(family.name, family.type, cw)
    if (rule) out.set(family.name, rule)
  }
  return out
}

/** Rules of the default set by full name, per CloudWatch options object. */
const defaultsByOptions = new WeakMap<CloudWatchOptions, ReadonlyMap<string, MetricRule>>()

/**
 * How the family `name` (with namespace) of `type` is sent, or undefined when it is not: the
 * default set plus the `include` globs, minus the `exclude` globs; never summaries, histograms or
 * `_info` families. What the push's plan is derived from (push-plan.ts).
 */
export function cloudWatchRule(
  name: string,
  type: MetricType,
  cw: CloudWatchOptions
): MetricRule | undefined {
  if (type === 'summary' || type === 'histogram' || name.endsWith('_info')) return undefined
  if (cw.exclude.some((g) => matchesGlob(name, g))) return undefined
  let defaults = defaultsByOptions.get(cw)
  if (!defaults) {
    defaults = new Map(DEFAULT_CLOUDWATCH_METRICS.map((r) => [cw.metricPrefix + r.family, r]))
    defaultsByOptions.set(cw, defaults)
  }
  const rule = defaults.get(name)
  if (rule) return rule
  if (!cw.include.some((g) => matchesGlob(name, g))) return undefined
  return { family: name, unit: inferUnit(name, type === 'counter') }
}

/** The families CloudWatch gets (cloudWatchRule), as a sink declares them for the push's plan. */
export function cloudWatchSelection(cw: CloudWatchOptions): FamilySelection {
  return {
    has: (name, type) => cloudWatchRule(name, type, cw) !== undefined,
    // The default set is all catalog names, which servers' fields never make. Exclude globs are
    // ignored: this may say yes where no family is sent, never the reverse.
    mayHavePrefix: (prefix) =>
      cw.include.some((glob) => {
        const star = glob.indexOf('*')
        if (star < 0) return glob.startsWith(prefix)
        const literal = glob.slice(0, star)
        return literal.startsWith(prefix) || prefix.startsWith(literal)
      }),
  }
}

function fold(family: MetricFamily, rule: MetricRule): number | undefined {
  const values = family.samples.map((s) => s.value).filter((v) => Number.isFinite(v))
  if (values.length === 0) return undefined
  return rule.aggregate === 'max' ? Math.max(...values) : values.reduce((a, b) => a + b, 0)
}

function pushFinite(
  into: CloudWatchDatum[],
  name: string,
  unit: CloudWatchDatum['unit'],
  value: number
): void {
  if (Number.isFinite(value) && Math.abs(value) <= MAX_VALUE) into.push({ name, unit, value })
}
