import type { Collector } from '../collect/plan'
import { COLLECTOR_STEPS } from '../collect/plan'
import { ConfigError, redact } from '../errors'

export type { Collector }

/**
 * The optional collectors, in plan order: each is one or two commands beside INFO (the command
 * plan's steps with a `collector`), and each can be turned off (REDIS_EXPORTER_DISABLED_COLLECTORS)
 * or found unavailable on a target.
 */
export const COLLECTORS: readonly Collector[] = COLLECTOR_STEPS.map(([collector]) => collector)

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
    if (!isCollector(name)) {
      throw new ConfigError(
        `${variable}: "${redact(item.trim())}" is not a collector (expected a comma-separated list of ${[...COLLECTORS, ...Object.keys(ALIASES)].join(', ')})`
      )
    }
    out.add(name)
  }
  return COLLECTORS.filter((c) => out.has(c))
}

function isCollector(name: string): name is Collector {
  return (COLLECTORS as readonly string[]).includes(name)
}
