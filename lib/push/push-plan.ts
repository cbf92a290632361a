import type { Collector, PlanContext, Step } from '../collect/plan'
import { PLAN } from '../collect/plan'
import type { Config } from '../config'
import { catalogFamilies } from '../metrics/catalog/catalog'
import type { InfoDescriptor } from '../metrics/catalog/info-map'
import { SECTION_SOURCES } from '../metrics/catalog/info-map'
import { PREFIX_RULES } from '../metrics/catalog/rules'
import type { Descriptor } from '../metrics/descriptor'
import type { MetricType } from '../types'
import type { PushSink } from './types'

/**
 * What a push collects and builds when every sink reads only some families (CloudWatch): derived
 * from the catalog rows, each of which names its source (`INFO ...`, `LATENCY HISTOGRAM`,
 * `CONFIG GET maxmemory`, `exporter`...).
 */
export interface PushPlan {
  /** The core configuration with the optional collectors no selected family needs turned off. */
  readonly config: Config
  /** Plain INFO (its default sections) instead of `INFO ALL`: no selected family needs more. */
  readonly infoDefault: boolean
  /** The families to build (by descriptor); the others are never built. */
  readonly select: (desc: Descriptor) => boolean
  /** The optional collectors the plan turned off (for logs and tests). */
  readonly dropped: readonly Collector[]
}

const plans = new WeakMap<readonly PushSink[], { config: Config; plan: PushPlan | undefined }>()

/** pushPlan, worked out once per list of sinks and configuration (a warm process keeps both). */
export function cachedPushPlan(sinks: readonly PushSink[], config: Config): PushPlan | undefined {
  const hit = plans.get(sinks)
  if (hit?.config === config) return hit.plan
  const plan = pushPlan(sinks, config)
  plans.set(sinks, { config, plan })
  return plan
}

/**
 * INFO sections every server sends for plain INFO (Redis 2.8 to 8, Valkey). `errorstats` is left
 * out: a family from it asks for `INFO ALL`, as do `commandstats`, `latencystats` and the rest.
 */
const DEFAULT_INFO_SECTIONS: ReadonlySet<string> = new Set([
  'server',
  'clients',
  'memory',
  'persistence',
  'stats',
  'replication',
  'cpu',
  'keyspace',
])

/** A sample context for reading a step's command words; steps built from replies give none. */
const PROBE: PlanContext = { opts: { excludeLatency: false }, facts: undefined, infoAll: true }

/**
 * The push's plan, or undefined (collect and build everything, as a scrape does) when a sink
 * reads every family (Pushgateway) or there is no sink.
 */
export function pushPlan(sinks: readonly PushSink[], config: Config): PushPlan | undefined {
  const tests = sinks.map((s) => s.selects)
  if (tests.length === 0 || tests.some((t) => t === undefined)) return undefined
  const prefix = config.namespace === '' ? '' : `${config.namespace}_`
  const reads = (name: string, type: MetricType): boolean =>
    tests.some((t) => t!.has(prefix + name, type))
  const selected = catalog().families.filter((d) => reads(d.name, d.type))
  // Families a prefix rule names after a server's field (`cluster_*`, `db*`): INFO ALL for them.
  const rules = PREFIX_RULES.filter((r) => tests.some((t) => t!.mayHavePrefix(prefix + r.prefix)))
  const dropped = droppedCollectors([...selected, ...rules], config)
  const cache = new Map<string, boolean>()
  return {
    config: { ...config, disabledCollectors: [...config.disabledCollectors, ...dropped] },
    infoDefault: rules.length === 0 && selected.every(defaultInfoWillDo),
    select: (desc) => {
      let yes = cache.get(desc.name)
      if (yes === undefined) cache.set(desc.name, (yes = reads(desc.name, desc.type)))
      return yes
    },
    dropped,
  }
}

/** Whether plain INFO carries what the family is built from. */
function defaultInfoWillDo(desc: Descriptor): boolean {
  const section = (desc as Partial<InfoDescriptor>).section
  // An INFO map row: from a default section, or from a reply of its own (CLUSTER INFO, Tile38...).
  if (section !== undefined) {
    return DEFAULT_INFO_SECTIONS.has(section) || SECTION_SOURCES[section] !== 'INFO'
  }
  const [command, word = ''] = desc.source.split(' ')
  if (command !== 'INFO') return true
  return DEFAULT_INFO_SECTIONS.has(word.replace(/,$/, ''))
}

/**
 * The optional collectors whose every step sends a command that some catalog family comes from
 * and that no selected family comes from (matched on the command's first two words, e.g.
 * `LATENCY HISTOGRAM`). A step no family comes from (`CLIENT SETNAME`) or whose command depends on
 * an earlier reply is kept, as is a step another kept step waits for.
 */
function droppedCollectors(selected: readonly Sourced[], config: Config): Collector[] {
  const needed = new Set<Step>()
  for (const { step, key } of catalog().steps) {
    if (key === undefined || fromCommand(selected, key)) needed.add(step)
  }
  for (const step of PLAN) {
    if (needed.has(step) && step.after) {
      for (const s of PLAN) if (s.key === step.after) needed.add(s)
    }
  }
  const out = new Set<Collector>()
  for (const step of PLAN) {
    if (step.collector && !needed.has(step)) out.add(step.collector as Collector)
  }
  for (const step of needed) if (step.collector) out.delete(step.collector as Collector)
  return [...out].filter((c) => !config.disabledCollectors.includes(c))
}

/** Whether one of `families` comes from `key`; a source may name several: `INFO x, CLUSTER INFO`. */
function fromCommand(families: readonly Sourced[], key: string): boolean {
  return families.some((d) =>
    d.source.split(', ').some((s) => s === key || s.startsWith(`${key} `))
  )
}

/** The catalog and each PLAN step's command key (undefined: never dropped), worked out once. */
let known:
  { families: readonly Descriptor[]; steps: readonly { step: Step; key?: string }[] } | undefined
function catalog(): NonNullable<typeof known> {
  if (known) return known
  const families = catalogFamilies()
  const steps = PLAN.map((step) => {
    const key = commandKey(step)
    // A step no catalog family comes from (CLIENT SETNAME) is never dropped.
    return key !== undefined && fromCommand(families, key) ? { step, key } : { step }
  })
  return (known = { families, steps })
}

/** A catalog family or a prefix rule: what its values are read from. */
type Sourced = Pick<Descriptor, 'source'>

/** `LATENCY HISTOGRAM`: the first two words of the step's first command, when it has one. */
function commandKey(step: Step): string | undefined {
  if (step.after) return undefined
  const first = step.commands(PROBE)[0]
  return first ? first.slice(0, 2).join(' ') : undefined
}
