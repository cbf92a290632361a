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
  const rules = rulesOf(cw)
  const elapsedMs = rateInterval(result)
  const before = priorFamilies(result.previous?.families ?? [])
  const metrics: CloudWatchDatum[] = []
  const dimensions = { target: result.id, role: result.role ?? 'unknown', ...result.dimensions }
  const perKey = new PerKey(cw.maxKeyMetrics ?? DEFAULT_MAX_KEY_METRICS, dimensions)
  const families = result.families
  for (let i = 0; i < families.length; i++) {
    const family = families[i]!
    const cached = ruleFor(rules, family, cw)
    const rule = cached.rule
    if (!rule) continue
    const value = fold(family, rule)
    if (value === undefined) continue
    if (family.type === 'counter') {
      if (elapsedMs === undefined) continue
      const previous = before(family.name, i)
      const prior = previous ? fold(previous, rule) : undefined
      if (prior === undefined || value < prior) continue
      pushFinite(metrics, cached.rate, rule.unit, ((value - prior) * 1000) / elapsedMs)
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

/**
 * The interval counter rates divide by, ms: undefined when there is no previous sample of the same
 * server run (same `run_id`, when both are known) at least MIN_RATE_INTERVAL_MS old.
 */
function rateInterval(result: TargetResult): number | undefined {
  const previous = result.previous
  if (previous === undefined || result.collectedAtMs === undefined) return undefined
  const { runId } = result
  if (previous.runId !== undefined && runId !== undefined && previous.runId !== runId) {
    return undefined
  }
  const elapsedMs = result.collectedAtMs - previous.timestampMs
  return elapsedMs < MIN_RATE_INTERVAL_MS ? undefined : elapsedMs
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

/**
 * The previous push's family of a name (the last one of that name): looked for at the same
 * position first, as one target's families come in the same order every push.
 */
function priorFamilies(
  families: readonly MetricFamily[]
): (name: string, index: number) => MetricFamily | undefined {
  let byName: Map<string, MetricFamily> | undefined
  return (name, index) => {
    const same = families[index]
    if (same?.name === name && families[index + 1]?.name !== name) return same
    byName ??= new Map(families.map((f) => [f.name, f]))
    return byName.get(name)
  }
}

/** What cloudWatchRule said of a family name and type, and the name of its rate. */
interface CachedRule {
  readonly type: MetricType
  readonly rule: MetricRule | undefined
  readonly rate: string
}

/** A family's rule by family name, per options object. */
type RuleCache = Map<string, CachedRule>

const rulesByOptions = new WeakMap<CloudWatchOptions, RuleCache>()

/** Family names a rule cache holds at most (catalog names and the fields prefix rules pass on). */
const MAX_CACHED_RULES = 4096

function rulesOf(cw: CloudWatchOptions): RuleCache {
  let rules = rulesByOptions.get(cw)
  if (!rules) rulesByOptions.set(cw, (rules = new Map()))
  return rules
}

/** cloudWatchRule of a family, worked out once per name and options (options never change). */
function ruleFor(rules: RuleCache, family: MetricFamily, cw: CloudWatchOptions): CachedRule {
  const hit = rules.get(family.name)
  if (hit?.type === family.type) return hit
  const made = {
    type: family.type,
    rule: cloudWatchRule(family.name, family.type, cw),
    rate: rateName(family.name),
  }
  if (rules.size < MAX_CACHED_RULES) rules.set(family.name, made)
  return made
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
  const max = rule.aggregate === 'max'
  let out: number | undefined
  for (const { value } of family.samples) {
    if (!Number.isFinite(value)) continue
    // Summed from 0 as before (0 + -0 is 0), in the order of the samples.
    if (out === undefined) out = max ? value : 0 + value
    else out = max ? Math.max(out, value) : out + value
  }
  return out
}

function pushFinite(
  into: CloudWatchDatum[],
  name: string,
  unit: CloudWatchDatum['unit'],
  value: number
): void {
  if (Number.isFinite(value) && Math.abs(value) <= MAX_VALUE) into.push({ name, unit, value })
}
