import { MAX_FIELD_NAME } from '../bounds'
import { parseValue } from '../parse/number'
import { eachStringField } from '../parse/reply'
import type { InfoRecord } from '../types'
import { isCatalogName } from './catalog/catalog'
import type { OptIn } from './catalog/info-map'
import { INFO_FIELDS } from './catalog/info-map'
import type { PrefixRule } from './catalog/rules'
import { IO_THREAD_RULE, prefixRuleFor, ruleHelp } from './catalog/rules'
import type { Descriptor } from './descriptor'
import { NO_LABEL_NAMES } from './descriptor'
import type { FamilySet } from './family-set'

export interface InfoFieldOptions {
  readonly includeSystemMetrics: boolean
  /** A push's plan: the families it builds (the FamilySet's); a row outside is not even parsed. */
  readonly select?: (desc: Descriptor) => boolean
}

/**
 * The INFO map and the rules of redis_exporter (catalog/info-map.ts, catalog/rules.ts): a mapped
 * field keeps its row's name and type (skipped while its opt-in is off); `used_active_time_io_thread_N`
 * becomes `active_time_io_thread_seconds_total{thread}`; a field a prefix rule takes passes through
 * as a gauge unless its name is longer than MAX_FIELD_NAME or is a catalog name; every other field
 * is dropped. `ok`/`true` read as 1 and `err`/`fail`/`false` as 0.
 */
export function addInfoFields(set: FamilySet, info: InfoRecord, opts: InfoFieldOptions): void {
  const on = optIns(opts)
  // The rule families of this page by name: two fields made safe to one name share one family.
  const byRule = new Map<string, Descriptor<'gauge', never, never>>()
  eachStringField(info, (field, raw) => {
    const row = INFO_FIELDS.get(field)
    if (row) {
      if ((row.optIn && !on[row.optIn]) || opts.select?.(row) === false) return
      const value = parseValue(raw)
      if (value === undefined) return
      // Divide by the integer factor (µs -> s is / 1e6, as redis_exporter does) to avoid 0.1 + 0.2 noise.
      set.sample(row, row.scale ? value / Math.round(1 / row.scale) : value)
      return
    }
    const thread = IO_THREAD_RULE.pattern.exec(field)
    if (thread) {
      const value = parseValue(raw)
      if (value !== undefined) set.sample(IO_THREAD_RULE.family, value, { thread: thread[1]! })
      return
    }
    const rule = field.length <= MAX_FIELD_NAME ? prefixRuleFor(field) : undefined
    if (!rule) return
    const value = parseValue(raw)
    if (value === undefined) return
    const desc = ruleFamily(byRule, rule, field)
    if (desc) set.sample(desc, value)
  })
}

/**
 * Which opt-ins INFO itself serves: `system` by its setting. Tile38 and module rows come from
 * their own commands' replies (build-modules.ts), never from the main INFO.
 */
function optIns(opts: InfoFieldOptions): Readonly<Record<OptIn, boolean>> {
  return { system: opts.includeSystemMetrics, tile38: false, modules: false }
}

/** The family a prefix rule makes of `field`; undefined when its name is the catalog's. */
function ruleFamily(
  byRule: Map<string, Descriptor<'gauge', never, never>>,
  rule: PrefixRule,
  field: string
): Descriptor<'gauge', never, never> | undefined {
  const name = field.replace(/[^a-zA-Z0-9_]/g, '_')
  let desc = byRule.get(name)
  if (desc || isCatalogName(name)) return desc
  desc = Object.freeze({
    name,
    type: rule.type,
    labels: NO_LABEL_NAMES,
    optional: NO_LABEL_NAMES,
    help: ruleHelp(rule, name, field),
    source: rule.source,
  })
  byRule.set(name, desc)
  return desc
}
