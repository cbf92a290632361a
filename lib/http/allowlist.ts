import type { Target } from '../target'

/**
 * Whether `/scrape` may reach `target`: the configured REDIS_ADDR's host:port always, plus hosts
 * matching REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS patterns (`host`, `host:port`, `host:*`,
 * `*.example.com`, `[::1]:6379`, or `*` for anything). A pattern without a port allows any port.
 */
export function isTargetAllowed(
  target: Target,
  configured: Target | undefined,
  patterns: readonly string[]
): boolean {
  if (configured && configured.id.toLowerCase() === target.id.toLowerCase()) return true
  const host = target.host.toLowerCase()
  for (const pattern of patterns) {
    const m = /^(.*?)(?::(\d+|\*))?$/.exec(pattern)
    if (!m) continue
    const hostPattern = m[1] ?? ''
    const portPattern = m[2]
    if (portPattern !== undefined && portPattern !== '*' && Number(portPattern) !== target.port) {
      continue
    }
    if (hostPattern === '*') return true
    if (hostPattern.startsWith('*.')) {
      if (host.endsWith(hostPattern.slice(1)) && host.length > hostPattern.length - 1) return true
      continue
    }
    if (hostPattern === host) return true
  }
  return false
}

/** A further check for targets the static patterns do not allow (e.g. discovered cluster nodes). */
export type DynamicAllowlist = (target: Target) => boolean | Promise<boolean>

/**
 * Whether `/scrape` may reach `target`: the static rules of isTargetAllowed, else `dynamic`
 * (Topology.allows: nodes discovered from REDIS_ADDR or another allowed seed).
 */
export async function isScrapeAllowed(
  target: Target,
  configured: Target | undefined,
  patterns: readonly string[],
  dynamic?: DynamicAllowlist
): Promise<boolean> {
  if (isTargetAllowed(target, configured, patterns)) return true
  return dynamic ? await dynamic(target) : false
}
