import type { Cidr } from './ip'
import { inCidr, parseCidr, parseIp } from './ip'

/**
 * Addresses the exporter never reaches through discovery or a wildcard, whatever the settings:
 * the cloud metadata services (they hand out the host's cloud credentials), the rest of
 * link-local, the unspecified address (Linux connects 0.0.0.0 to the host itself), multicast and
 * broadcast. The most specific entry comes first, so a log line names the metadata service.
 */
const FORBIDDEN: readonly (readonly [string, string])[] = [
  ['169.254.169.254', 'a cloud metadata address (AWS, GCP, Azure, OCI instance metadata)'],
  ['169.254.170.2', 'a cloud metadata address (AWS ECS task credentials)'],
  ['fd00:ec2::254', 'a cloud metadata address (AWS instance metadata over IPv6)'],
  ['100.100.100.200', 'a cloud metadata address (Alibaba Cloud instance metadata)'],
  ['169.254.0.0/16', 'a link-local address'],
  ['fe80::/10', 'a link-local address'],
  ['0.0.0.0/8', 'an unspecified address'],
  ['::/128', 'an unspecified address'],
  ['224.0.0.0/4', 'a multicast address'],
  ['ff00::/8', 'a multicast address'],
  ['255.255.255.255', 'the broadcast address'],
]

const NETWORKS: readonly (readonly [Cidr, string])[] = FORBIDDEN.map(([text, kind]) => {
  const cidr = parseCidr(text)
  if (!cidr) throw new Error(`bad built-in network ${text}`)
  return [cidr, kind]
})

/**
 * What kind of never-reached address `host` is (`a cloud metadata address`...), or undefined for
 * any other address and for host names (lib/ resolves no DNS; a name is judged by patterns only).
 * Every IPv4 spelling the resolver accepts and IPv4-mapped IPv6 are read as the address they are.
 */
export function forbiddenAddress(host: string): string | undefined {
  const ip = parseIp(host, true)
  if (!ip) return undefined
  for (const [cidr, kind] of NETWORKS) if (inCidr(ip, cidr)) return kind
  return undefined
}
