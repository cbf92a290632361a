import { parseClientOutputBufferLimit } from '../parse/config-get'
import { parseValue } from '../parse/number'
import type { InfoRecord } from '../types'
import type { FamilySet } from './family-set'
import { helpFor } from './help'

const SIMPLE: readonly [param: string, name: string][] = [
  ['maxmemory', 'config_maxmemory'],
  ['maxclients', 'config_maxclients'],
  ['io-threads', 'config_io_threads'],
  ['repl-backlog-size', 'config_repl_backlog_size'],
]

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
    for (const [param, name] of SIMPLE) {
      const value = parseValue(config[param] ?? '')
      if (value !== undefined) set.add(name, 'gauge', helpFor(name), value)
    }
    const limits = config['client-output-buffer-limit']
    if (limits !== undefined) {
      const bytes = 'config_client_output_buffer_limit_bytes'
      const secs = 'config_client_output_buffer_limit_overcome_seconds'
      for (const l of parseClientOutputBufferLimit(limits)) {
        set.add(bytes, 'gauge', helpFor(bytes), l.hardBytes, { class: l.class, limit: 'hard' })
        set.add(bytes, 'gauge', helpFor(bytes), l.softBytes, { class: l.class, limit: 'soft' })
        set.add(secs, 'gauge', helpFor(secs), l.softSeconds, { class: l.class, limit: 'soft' })
      }
    }
    return
  }
  for (const [field, name] of [
    ['maxclients', 'config_maxclients'],
    ['maxmemory', 'config_maxmemory'],
  ] as const) {
    const value = parseValue(info[field] ?? '')
    if (value !== undefined) set.add(name, 'gauge', helpFor(name), value)
  }
}

/** CONFIG `databases`, when known and a positive integer (zero-fill caps it, not this). */
export function configDatabases(
  config: Readonly<Record<string, string>> | undefined
): number | undefined {
  const n = Number(config?.['databases'])
  return Number.isInteger(n) && n > 0 ? n : undefined
}
