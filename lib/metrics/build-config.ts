import { parseClientOutputBufferLimit } from '../parse/config-get'
import { parseValue } from '../parse/number'
import type { InfoRecord } from '../types'
import { FAMILIES } from './catalog/families'
import type { FamilySet } from './family-set'

/** CONFIG parameters exported as they are, each by its family. */
const SIMPLE = [
  ['maxmemory', FAMILIES.config_maxmemory],
  ['maxclients', FAMILIES.config_maxclients],
  ['io-threads', FAMILIES.config_io_threads],
  ['repl-backlog-size', FAMILIES.config_repl_backlog_size],
] as const

/** Without CONFIG: INFO fields standing in for CONFIG parameters. */
const FROM_INFO = [
  ['maxclients', FAMILIES.config_maxclients],
  ['maxmemory', FAMILIES.config_maxmemory],
] as const

/**
 * The CONFIG-derived families. When CONFIG is unavailable (blocked or renamed on managed services),
 * `config_maxclients` and `config_maxmemory` are filled from INFO `maxclients` / `maxmemory` so the
 * standard alert rules keep working; this is a documented deviation from redis_exporter.
 */
export function addConfigFamilies(
  set: FamilySet,
  config: Readonly<Record<string, string>> | undefined,
  info: InfoRecord
): void {
  if (config) {
    for (const [param, desc] of SIMPLE) {
      const value = parseValue(config[param] ?? '')
      if (value !== undefined) set.sample(desc, value)
    }
    const limits = config['client-output-buffer-limit']
    if (limits !== undefined) {
      const bytes = FAMILIES.config_client_output_buffer_limit_bytes
      const secs = FAMILIES.config_client_output_buffer_limit_overcome_seconds
      for (const l of parseClientOutputBufferLimit(limits)) {
        set.sample(bytes, l.hardBytes, { class: l.class, limit: 'hard' })
        set.sample(bytes, l.softBytes, { class: l.class, limit: 'soft' })
        set.sample(secs, l.softSeconds, { class: l.class, limit: 'soft' })
      }
    }
    return
  }
  for (const [field, desc] of FROM_INFO) {
    const value = parseValue(info[field] ?? '')
    if (value !== undefined) set.sample(desc, value)
  }
}

/** CONFIG `databases`, when known and a positive integer (zero-fill caps it, not this). */
export function configDatabases(
  config: Readonly<Record<string, string>> | undefined
): number | undefined {
  const n = Number(config?.['databases'])
  return Number.isInteger(n) && n > 0 ? n : undefined
}
