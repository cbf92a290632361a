import { ConfigError, redact } from '../errors'

/**
 * The optional collectors: each is one or two commands beside INFO, and each can be turned off
 * (REDIS_EXPORTER_DISABLED_COLLECTORS) or found unavailable on a target.
 */
export const COLLECTORS = [
  'client',
  'config',
  'latency_latest',
  'latency_histogram',
  'slowlog',
  'cluster_info',
] as const

export type Collector = (typeof COLLECTORS)[number]

/** Names that stand for several collectors. */
const ALIASES: Readonly<Record<string, readonly Collector[]>> = {
  latency: ['latency_latest', 'latency_histogram'],
}

/** Parses a comma-separated list of collector names (case-insensitive; `latency` means both). */
export function parseCollectorList(variable: string, raw: string): Collector[] {
  const out = new Set<Collector>()
  for (const item of raw.split(',')) {
    const name = item.trim().toLowerCase()
    if (name === '') continue
    const alias = ALIASES[name]
    if (alias) {
      for (const c of alias) out.add(c)
      continue
    }
    if (!(COLLECTORS as readonly string[]).includes(name)) {
      throw new ConfigError(
        `${variable}: "${redact(item.trim())}" is not a collector (expected a comma-separated list of ${[...COLLECTORS, ...Object.keys(ALIASES)].join(', ')})`
      )
    }
    out.add(name as Collector)
  }
  return COLLECTORS.filter((c) => out.has(c))
}
