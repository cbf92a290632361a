import { FAMILIES } from './families'

/**
 * A redis_exporter rule for INFO (or CLUSTER INFO) fields outside the INFO map: a field starting
 * with `prefix` (and not matching `except`) is exported as a gauge under its own name, made safe
 * (`[^a-zA-Z0-9_]` -> `_`), when its value parses as a number (`ok`/`true` = 1, `fail`/`err`/
 * `false` = 0).
 */
export interface PrefixRule {
  readonly prefix: string
  /** Fields with the prefix that the rule leaves alone. */
  readonly except?: RegExp
  readonly type: 'gauge'
  /** The HELP text, `{name}` and `{field}` filled in per field. */
  readonly help: string
  readonly source: string
}

/** Read at run time by the INFO builder, in this order; the first rule that matches a field wins. */
// prettier-ignore
export const PREFIX_RULES: readonly PrefixRule[] = [
  { prefix: 'cluster_', type: 'gauge', help: '{name} metric (INFO or CLUSTER INFO field {field})', source: 'INFO cluster_*, CLUSTER INFO' },
  { prefix: 'db', except: /^db\d+$/, type: 'gauge', help: '{name} metric (INFO or CLUSTER INFO field {field})', source: 'INFO db* (other than the keyspace dbN lines)' },
]

/** `used_active_time_io_thread_N` (Valkey 9.1+): one labelled family, `thread` = N. */
export const IO_THREAD_RULE = {
  pattern: /^used_active_time_io_thread_(\d+)$/,
  family: FAMILIES.active_time_io_thread_seconds_total,
} as const

/** The rule for `field`, if any. */
export function prefixRuleFor(field: string): PrefixRule | undefined {
  for (const rule of PREFIX_RULES) {
    if (field.startsWith(rule.prefix) && !rule.except?.test(field)) return rule
  }
  return undefined
}

/** A rule's HELP for one field (the field may hold anything a server sends: no `$` patterns). */
export function ruleHelp(rule: PrefixRule, name: string, field: string): string {
  return rule.help.replace('{name}', () => name).replace('{field}', () => field)
}
