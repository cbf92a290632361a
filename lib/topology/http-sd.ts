import type { Discovery } from './discover'

/** One Prometheus `http_sd_configs` target group. */
export interface HttpSdGroup {
  readonly targets: readonly string[]
  readonly labels: Readonly<Record<string, string>>
}

/**
 * A discovery as Prometheus http_sd JSON: one group per node, the target written as
 * redis_exporter writes it (`redis://ip:port`, `rediss://` when the seed is TLS; never a user or
 * password), so the `/scrape?target=` relabel recipe gives each node a stable `instance`. The
 * labels are `__meta_redis_*`: available to relabel_configs, dropped from the series otherwise
 * (a role label would change identity on every failover).
 */
export function httpSdGroups(discovery: Discovery): HttpSdGroup[] {
  return discovery.nodes.map((node) => ({
    targets: [`${node.target.tls ? 'rediss' : 'redis'}://${node.target.id}`],
    labels: {
      __meta_redis_role: node.role,
      __meta_redis_healthy: node.healthy ? 'true' : 'false',
      __meta_redis_seed: `${discovery.seed.tls ? 'rediss' : 'redis'}://${discovery.seed.id}`,
      __meta_redis_discovery: discovery.source,
      ...(node.nodeId ? { __meta_redis_node_id: node.nodeId } : {}),
      ...(node.shardId ? { __meta_redis_shard_id: node.shardId } : {}),
      ...(node.masterId ? { __meta_redis_master_id: node.masterId } : {}),
    },
  }))
}
