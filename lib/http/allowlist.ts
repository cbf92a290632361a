import { forbiddenAddress } from '../net/forbidden-address'
import type { Target } from '../target'

type Address = Pick<Target, 'id' | 'host' | 'port'>

/**
 * Whether `/scrape` may reach `target`: the configured REDIS_ADDR's host:port always, plus hosts
 * matching REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS patterns (`host`, `host:port`, `host:*`,
 * `*.example.com`, `[::1]:6379`, or `*` for anything). A pattern without a port allows any port.
 * A link-local, cloud metadata, unspecified, multicast or broadcast address (forbiddenAddress) is
 * allowed only as REDIS_ADDR itself or when a pattern names that host exactly, never by a wildcard.
 */
export function isTargetAllowed(
  target: Address,
  configured: Address | undefined,
  patterns: readonly string[]
): boolean {
  if (configured && configured.id.toLowerCase() === target.id.toLowerCase()) return true
  const host = target.host.toLowerCase()
  const exact = forbiddenAddress(host) !== undefined
  for (const pattern of patterns) {
    const m = /^(.*?)(?::(\d+|\*))?$/.exec(pattern)
    if (!m) continue
    const hostPattern = m[1] ?? ''
    const portPattern = m[2]
    if (portPattern !== undefined && portPattern !== '*' && Number(portPattern) !== target.port) {
      continue
    }
    if (hostPattern === host) return true
    if (exact) continue
    if (hostPattern === '*') return true
    if (hostPattern.startsWith('*.')) {
      if (host.endsWith(hostPattern.slice(1)) && host.length > hostPattern.length - 1) return true
    }
  }
  return false
}

/** A further check for targets the static patterns do not allow (e.g. discovered cluster nodes). */
export type DynamicAllowlist = (target: Target) => boolean | Promise<boolean>

/**
 * Whether `/scrape` may reach `target`: the static rules of isTargetAllowed, else `dynamic`
 * (Topology.allows: in-scope nodes discovered from REDIS_ADDR or another allowed seed). A
 * never-reached address (forbiddenAddress) is not passed to `dynamic`.
 */
export async function isScrapeAllowed(
  target: Target,
  configured: Target | undefined,
  patterns: readonly string[],
  dynamic?: DynamicAllowlist
): Promise<boolean> {
  if (isTargetAllowed(target, configured, patterns)) return true
  if (forbiddenAddress(target.host) !== undefined) return false
  return dynamic ? await dynamic(target) : false
}
