import { NO_RENAMES, renamesFor } from '../capabilities/renamed-commands'
import type { Config } from '../config'
import { hasKeyChecks } from '../keys/key-checks'
import { targetCredentials } from '../settings/password-map'
import type { Target } from '../target'
import { discoveryScope } from '../topology/scope'
import type { RedisTransport } from '../transport/transport'
import type { CollectOptions } from './collect'

/**
 * The collector settings for one target: global settings plus the target's own command renames.
 * With REDIS_EXPORTER_IS_CLUSTER and the runtime's `getTransport`, the key checks may reach the
 * cluster's other masters (inside the discovery scope, with the target's credentials).
 */
export function collectOptionsFor(
  config: Config,
  target?: Target,
  getTransport?: (target: Target) => RedisTransport
): Omit<CollectOptions, 'signal' | 'now' | 'log'> {
  const seed = target ?? config.target
  const renamedCommands = renamesFor(config.renamedCommands ?? NO_RENAMES, target)
  const configCommand =
    'CONFIG' in renamedCommands ? (renamedCommands['CONFIG'] ?? undefined) : config.configCommand
  return {
    excludeLatency: config.excludeLatencyHistogramMetrics,
    configRefreshSeconds: config.configRefreshSeconds,
    latencyRefreshSeconds: config.latencyRefreshSeconds,
    ...(configCommand ? { configCommand } : {}),
    renamedCommands,
    disabledCollectors: config.disabledCollectors ?? [],
    setClientName: config.setClientName,
    optIns: config.collectors,
    ...(config.capabilityTtlSeconds ? { capabilityTtlSeconds: config.capabilityTtlSeconds } : {}),
    ...(hasKeyChecks(config.keyChecks) ? { keyChecks: config.keyChecks } : {}),
    connectionDb: target?.db ?? config.target?.db ?? 0,
    ...(config.keyChecks.cluster && getTransport && seed
      ? {
          cluster: {
            // The seed's credentials as its own connection resolves them (URL, password file,
            // REDIS_PASSWORD): the other masters get the same ones.
            seed: { ...seed, ...targetCredentials(seed, config) },
            scope: discoveryScope(config),
            getTransport,
          },
        }
      : {}),
  }
}
