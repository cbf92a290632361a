import type { Config, EnvRecord } from '../config'
import { parseBool } from '../config'
import { ConfigError, quoted } from '../errors'
import { checkDimensionCount, parseDimensions } from './dimensions'
import type { DiscoverMode } from './expand-targets'
import { DISCOVER_MODES, isDiscoverMode } from './expand-targets'
import type { PushTargetSpec } from './push-targets'
import { parsePushTargets } from './push-targets'
import { withSecretsRedacted } from '../settings/secret-settings'

/** Every setting parsePushConfig reads, for the docs table test. */
export const PUSH_VARIABLES = [
  'REDIS_EXPORTER_TARGETS',
  'REDIS_EXPORTER_PUSH_SINKS',
  'REDIS_EXPORTER_PUSH_DISCOVER_NODES',
  'REDIS_EXPORTER_CLOUDWATCH_NAMESPACE',
  'REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS',
  'REDIS_EXPORTER_CLOUDWATCH_INCLUDE_METRICS',
  'REDIS_EXPORTER_CLOUDWATCH_EXCLUDE_METRICS',
  'REDIS_EXPORTER_CLOUDWATCH_HIGH_RESOLUTION',
] as const

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
}

export interface PushConfig {
  readonly targets: readonly PushTargetSpec[]
  readonly sinks: readonly string[]
  /** Which targets are replaced by the nodes behind them (see expandTargets). */
  readonly discoverNodes: DiscoverMode
  readonly cloudwatch: CloudWatchOptions
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
  const allowed = opts.allowedSinks ?? ['emf', 'putmetricdata']
  const metricPrefix = `${config.namespace}_`

  const namespace =
    env['REDIS_EXPORTER_CLOUDWATCH_NAMESPACE']?.trim() || DEFAULT_CLOUDWATCH_NAMESPACE
  if (!/^[A-Za-z0-9 ._#:/-]{1,255}$/.test(namespace) || namespace.startsWith('AWS/')) {
    throw new ConfigError(
      `REDIS_EXPORTER_CLOUDWATCH_NAMESPACE: "${quoted(namespace)}" is not a CloudWatch namespace (letters, digits, space and ._#:/- ; at most 255; not starting with AWS/)`
    )
  }

  const dimensions = parseDimensions(
    'REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS',
    env['REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS'] ?? '',
    metricPrefix
  )
  checkDimensionCount(
    'REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS',
    'the list',
    Object.keys(dimensions).length
  )

  const sinksRaw = env['REDIS_EXPORTER_PUSH_SINKS']?.trim()
  const sinks = sinksRaw
    ? sinksRaw
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter((s) => s !== '')
    : [...(opts.defaultSinks ?? ['emf'])]
  for (const sink of sinks) {
    if (!allowed.includes(sink)) {
      throw new ConfigError(
        `REDIS_EXPORTER_PUSH_SINKS: "${sink}" is not a sink here (expected a comma-separated list of ${allowed.join(', ')})`
      )
    }
  }
  if (sinks.length === 0) {
    throw new ConfigError(`REDIS_EXPORTER_PUSH_SINKS: name at least one of ${allowed.join(', ')}`)
  }

  const targetsRaw = env['REDIS_EXPORTER_TARGETS']?.trim() ?? ''
  let targets: PushTargetSpec[]
  if (targetsRaw !== '') {
    targets = parsePushTargets(targetsRaw, config, dimensions)
  } else if (config.target) {
    targets = [{ target: config.target, id: config.target.id, dimensions }]
  } else {
    throw new ConfigError(
      'REDIS_EXPORTER_TARGETS: no target to push (set REDIS_EXPORTER_TARGETS, or REDIS_ADDR for a single target)'
    )
  }

  const mode = env['REDIS_EXPORTER_PUSH_DISCOVER_NODES']?.trim().toLowerCase() || 'cluster'
  if (!isDiscoverMode(mode)) {
    throw new ConfigError(
      `REDIS_EXPORTER_PUSH_DISCOVER_NODES: "${quoted(mode, 40)}" is not a mode (expected ${DISCOVER_MODES.join(', ')})`
    )
  }

  return {
    targets,
    sinks,
    discoverNodes: mode,
    cloudwatch: {
      namespace,
      dimensions,
      include: globList('REDIS_EXPORTER_CLOUDWATCH_INCLUDE_METRICS', env),
      exclude: globList('REDIS_EXPORTER_CLOUDWATCH_EXCLUDE_METRICS', env),
      storageResolution: parseBool(env, 'REDIS_EXPORTER_CLOUDWATCH_HIGH_RESOLUTION', false)
        ? 1
        : 60,
      metricPrefix,
    },
  }
}

function globList(variable: string, env: EnvRecord): string[] {
  const list = (env[variable] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  for (const glob of list) {
    if (!/^[A-Za-z0-9_:*]+$/.test(glob)) {
      throw new ConfigError(
        `${variable}: "${quoted(glob)}" is not a metric family name or glob (letters, digits, _ and *, e.g. redis_commands_total or redis_mem*)`
      )
    }
  }
  return list
}
