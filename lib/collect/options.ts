import { NO_RENAMES, renamesFor } from '../capabilities/renamed-commands'
import type { Config } from '../config'
import { hasKeyChecks } from '../keys/key-checks'
import type { Target } from '../target'
import type { CollectOptions } from './collect'

/** The collector settings for one target: global settings plus the target's own command renames. */
export function collectOptionsFor(
  config: Config,
  target?: Target
): Omit<CollectOptions, 'signal' | 'now' | 'log'> {
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
  }
}
