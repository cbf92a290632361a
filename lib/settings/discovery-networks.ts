import { clip } from '../bounds'
import { ConfigError } from '../errors'
import type { Cidr } from '../net/ip'
import { inCidr, parseCidr, parseIp } from '../net/ip'

export const DISCOVERY_NETWORKS_VARIABLE = 'REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS'

/** REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS, ready to match. */
export interface DiscoveryNetworks {
  /** IPv4/IPv6 networks; they match IP literals only. */
  readonly cidrs: readonly Cidr[]
  /** Host-suffix patterns as `.domain` (from `*.domain`); they match host names only. */
  readonly suffixes: readonly string[]
}

const SUFFIX = /^\*\.((?:[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?\.)*[a-z0-9_-]*[a-z_-][a-z0-9_-]*)$/

/**
 * Reads the setting: comma-separated CIDRs (`10.0.0.0/8`, `fd00::/8`), bare IPs (a /32 or /128)
 * and host-suffix patterns (`*.cache.amazonaws.com`; the last label may not be all digits, so a
 * pattern never stands for addresses). Returns the entries trimmed and lower-cased. A bad entry is
 * a ConfigError naming the variable; an entry that looks like a URL is not echoed (it may hold a
 * password).
 */
export function parseDiscoveryNetworks(raw: string): string[] {
  const entries = raw
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '')
  entries.forEach((entry, i) => {
    if (parseEntry(entry)) return
    const shown =
      entry.includes('@') || entry.includes('://')
        ? `entry ${i + 1} (a URL)`
        : `"${clip(entry, 100)}"`
    throw new ConfigError(
      `${DISCOVERY_NETWORKS_VARIABLE}: ${shown} is not a network (expected a CIDR such as 10.0.0.0/8 or fd00::/8, an IP address, or a host pattern such as *.cache.amazonaws.com)`
    )
  })
  return entries
}

/** The entries of parseDiscoveryNetworks as matchers (an entry that does not parse is skipped). */
export function discoveryNetworks(entries: readonly string[]): DiscoveryNetworks {
  const cidrs: Cidr[] = []
  const suffixes: string[] = []
  for (const entry of entries) {
    const parsed = parseEntry(entry)
    if (parsed && 'suffix' in parsed) suffixes.push(parsed.suffix)
    else if (parsed) cidrs.push(parsed)
  }
  return { cidrs, suffixes }
}

/**
 * Whether `host` (a Target's host, IPv6 in brackets) is in one of the networks: an IP literal by
 * the CIDRs, a host name by the suffixes. No DNS: a name is never matched by a CIDR.
 */
export function inDiscoveryNetworks(networks: DiscoveryNetworks, host: string): boolean {
  const ip = parseIp(host, true)
  if (ip) return networks.cidrs.some((cidr) => inCidr(ip, cidr))
  const name = host.toLowerCase().replace(/\.$/, '')
  return networks.suffixes.some((suffix) => name.endsWith(suffix) && name.length > suffix.length)
}

function parseEntry(entry: string): Cidr | { readonly suffix: string } | undefined {
  const suffix = SUFFIX.exec(entry)
  if (suffix) return { suffix: `.${suffix[1]!}` }
  return parseCidr(entry.replace(/^\[([^\]]*)\]/, '$1'))
}
