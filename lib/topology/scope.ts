import type { Config } from '../config'
import { isTargetAllowed } from '../http/allowlist'
import { forbiddenAddress } from '../net/forbidden-address'
import { parseIp } from '../net/ip'
import {
  DISCOVERY_NETWORKS_VARIABLE,
  discoveryNetworks,
  inDiscoveryNetworks,
} from '../settings/discovery-networks'
import type { Target } from '../target'

/** Why a node is outside the discovery scope. */
export interface OutsideScope {
  readonly reason: string
  /** False for a never-reached address: no setting brings it in. */
  readonly fixable: boolean
}

/**
 * Why a discovered node is outside the discovery scope, or undefined when it is inside. A node
 * outside is never listed, remembered, connected to, or given a seed's credentials.
 */
export type ScopeCheck = (node: Pick<Target, 'id' | 'host' | 'port'>) => OutsideScope | undefined

/**
 * The discovery scope: what a seed may add to the exporter's reach. A topology reply is written by
 * whoever can talk to the seed (a `REPLCONF ip-address` from any client puts a "replica" in
 * `INFO replication`), so an announced node is in scope only when it is
 * - a configured target's host:port (`REDIS_ADDR`, or `seeds`: the push targets),
 * - allowed by `REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS` (isTargetAllowed), or
 * - in `REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS`: a CIDR for an IP literal, a `*.domain`
 *   pattern for a host name (lib/ resolves no DNS, so a name is in scope only by a pattern).
 * Never, whatever the settings: link-local and cloud metadata, unspecified, multicast and
 * broadcast addresses (forbiddenAddress), IPv4-mapped IPv6 and every inet_aton spelling included.
 */
export function discoveryScope(config: Config, seeds: readonly Target[] = []): ScopeCheck {
  const networks = discoveryNetworks(config.discoveryAllowedNetworks)
  const configured = new Set(
    [config.target, ...seeds].flatMap((t) => (t ? [t.id.toLowerCase()] : []))
  )
  return (node) => {
    const never = forbiddenAddress(node.host)
    if (never) return { reason: `${node.host} is ${never}, never in scope`, fixable: false }
    if (configured.has(node.id.toLowerCase())) return undefined
    if (isTargetAllowed(node, config.target, config.scrapeAllowedTargets)) return undefined
    if (inDiscoveryNetworks(networks, node.host)) return undefined
    const hint = parseIp(node.host, true) ? '' : ' (a host name needs a *.domain pattern there)'
    return {
      reason: `${node.id} is not REDIS_ADDR, not in REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS and not in ${DISCOVERY_NETWORKS_VARIABLE}${hint}`,
      fixable: true,
    }
  }
}

/** The setting to change for a node outside the scope (none for a never-reached address). */
export const SCOPE_SETTING = DISCOVERY_NETWORKS_VARIABLE
