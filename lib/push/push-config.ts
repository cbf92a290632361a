import type { Config } from '../config'
import { ConfigError } from '../errors'
import { quoted } from '../settings/kinds'
import type { EnvRecord, Settings } from '../settings/read'
import { readSettings } from '../settings/read'
import { checkDimensionCount, parseDimensions } from './dimensions'
import type { DiscoverMode } from './expand-targets'
import type { PushTargetSpec } from './push-targets'
import { parsePushTargets } from './push-targets'
import { shardOf } from './shards'
import { withSecretsRedacted } from '../settings/secret-settings'

export interface CloudWatchOptions {
  /** CloudWatch namespace of every metric. */
  readonly namespace: string
  /** Dimensions added to every target (per-target `dim.` entries override them). */
  readonly dimensions: Readonly<Record<string, string>>
  /** Family-name globs sent in addition to the default set (`*` for everything). */
  readonly include: readonly string[]
  /** Family-name globs never sent; wins over include and the default set. */
  readonly exclude: readonly string[]
  /** 1 (high resolution, billed higher) or 60 seconds. */
  readonly storageResolution: 1 | 60
  /** The core namespace plus `_` (`redis_`): family names in the default set are relative to it. */
  readonly metricPrefix: string
  /** Most per-key data points per target and push (REDIS_EXPORTER_CLOUDWATCH_MAX_KEY_METRICS). */
  readonly maxKeyMetrics?: number
}

export interface PushConfig {
  readonly targets: readonly PushTargetSpec[]
  readonly sinks: readonly string[]
  /** Which targets are replaced by the nodes behind them (see expandTargets). */
  readonly discoverNodes: DiscoverMode
  readonly cloudwatch: CloudWatchOptions
  /** REDIS_EXPORTER_PUSH_SHARDS: how many invocations share the targets (Workers: messages). */
  readonly shards: number
  /** Configured targets of the largest shard: the warm clients one invocation needs at least. */
  readonly largestShard: number
}

export const DEFAULT_CLOUDWATCH_NAMESPACE = 'RedisExporter'

/**
 * Reads the push settings (pure). `config` is the core configuration: its namespace prefixes
 * metric names and REDIS_ADDR is the target when REDIS_EXPORTER_TARGETS is not set.
 */
export function parsePushConfig(
  env: EnvRecord,
  config: Config,
  opts: PushConfigOptions = {}
): PushConfig {
  return withSecretsRedacted(env, () => readPushConfig(env, config, opts))
}

interface PushConfigOptions {
  readonly allowedSinks?: readonly string[]
  readonly defaultSinks?: readonly string[]
}

function readPushConfig(env: EnvRecord, config: Config, opts: PushConfigOptions): PushConfig {
  const s = readSettings(env)
  const cloudwatch = readCloudWatchOptions(s, `${config.namespace}_`)
  const sinks = readSinks(s, opts.allowedSinks ?? ['emf', 'putmetricdata'], opts.defaultSinks)
  const targetsRaw = s.text('REDIS_EXPORTER_TARGETS') ?? ''
  // A list read from SSM / Secrets Manager is stored as a secret: its URIs may hold passwords.
  const refs = [s.text('REDIS_EXPORTER_TARGETS_SSM'), s.text('REDIS_EXPORTER_TARGETS_SECRET_ARN')]
  const inlinePasswords = refs.some((ref) => ref !== undefined)
  let targets: PushTargetSpec[]
  if (targetsRaw !== '') {
    targets = parsePushTargets(targetsRaw, config, cloudwatch.dimensions, { inlinePasswords })
  } else if (config.target) {
    targets = [{ target: config.target, id: config.target.id, dimensions: cloudwatch.dimensions }]
  } else {
    throw new ConfigError(
      'REDIS_EXPORTER_TARGETS: no target to push (set REDIS_EXPORTER_TARGETS, or REDIS_ADDR for a single target)'
    )
  }
  const shards = s.int('REDIS_EXPORTER_PUSH_SHARDS')
  return {
    targets,
    sinks,
    discoverNodes: s.enumValue('REDIS_EXPORTER_PUSH_DISCOVER_NODES'),
    cloudwatch,
    shards,
    largestShard: largestShard(targets, shards),
  }
}

/** How many of `targets` the largest of `of` shards holds. */
function largestShard(targets: readonly PushTargetSpec[], of: number): number {
  const counts = new Array<number>(of).fill(0)
  for (const t of targets) counts[shardOf(t.id, of)]! += 1
  return Math.max(...counts)
}

function readCloudWatchOptions(s: Settings, metricPrefix: string): CloudWatchOptions {
  const namespace = s.textOrDefault('REDIS_EXPORTER_CLOUDWATCH_NAMESPACE')
  if (!/^[A-Za-z0-9 ._#:/-]{1,255}$/.test(namespace) || namespace.startsWith('AWS/')) {
    throw new ConfigError(
      `REDIS_EXPORTER_CLOUDWATCH_NAMESPACE: ${quoted(namespace)}is not a CloudWatch namespace (letters, digits, space and ._#:/- ; at most 255; not starting with AWS/)`
    )
  }
  const dimensions = parseDimensions(
    'REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS',
    (s.list('REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS') ?? []).join(','),
    metricPrefix
  )
  checkDimensionCount(
    'REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS',
    'the list',
    Object.keys(dimensions).length
  )
  return {
    namespace,
    dimensions,
    include: globList(s, 'REDIS_EXPORTER_CLOUDWATCH_INCLUDE_METRICS'),
    exclude: globList(s, 'REDIS_EXPORTER_CLOUDWATCH_EXCLUDE_METRICS'),
    storageResolution: s.bool('REDIS_EXPORTER_CLOUDWATCH_HIGH_RESOLUTION') ? 1 : 60,
    metricPrefix,
    maxKeyMetrics: s.int('REDIS_EXPORTER_CLOUDWATCH_MAX_KEY_METRICS'),
  }
}

/** REDIS_EXPORTER_PUSH_SINKS (lower-cased), else the runtime's default sinks. */
function readSinks(
  s: Settings,
  allowed: readonly string[],
  defaults: readonly string[] = ['emf']
): string[] {
  const sinks = s.list('REDIS_EXPORTER_PUSH_SINKS')?.map((x) => x.toLowerCase()) ?? [...defaults]
  for (const sink of sinks) {
    if (!allowed.includes(sink)) {
      throw new ConfigError(
        `REDIS_EXPORTER_PUSH_SINKS: ${quoted(sink)}is not a sink here (expected a comma-separated list of ${allowed.join(', ')})`
      )
    }
  }
  if (sinks.length === 0) {
    throw new ConfigError(`REDIS_EXPORTER_PUSH_SINKS: name at least one of ${allowed.join(', ')}`)
  }
  return sinks
}

function globList(
  s: Settings,
  variable:
    'REDIS_EXPORTER_CLOUDWATCH_INCLUDE_METRICS' | 'REDIS_EXPORTER_CLOUDWATCH_EXCLUDE_METRICS'
): string[] {
  const list = s.list(variable) ?? []
  for (const glob of list) {
    if (!/^[A-Za-z0-9_:*]+$/.test(glob)) {
      throw new ConfigError(
        `${variable}: ${quoted(glob)}is not a metric family name or glob (letters, digits, _ and *, e.g. redis_commands_total or redis_mem*)`
      )
    }
  }
  return list
}
