import type { MetricFamily, MetricType } from '../types'
import type { MetricRule } from './default-metrics'
import { DEFAULT_CLOUDWATCH_METRICS, inferUnit, matchesGlob } from './default-metrics'
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
 * - non-finite values are dropped.
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
    }
  }
  return {
    id: result.id,
    dimensions: { target: result.id, role: result.role ?? 'unknown', ...result.dimensions },
    timestampMs: result.timestampMs ?? result.collectedAtMs ?? 0,
    metrics,
  }
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
