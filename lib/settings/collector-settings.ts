import { ConfigError } from '../errors'
import type { Settings } from './read'
import { readSettings } from './read'

/** redis_exporter's opt-in collectors, as the settings turn them on. */
export interface CollectorSettings {
  /** PING before the scrape's commands; its round trip is exported. */
  readonly pingOnConnect: boolean
  /** CLIENT LIST series, with the client's port label or without. */
  readonly exportClientList: boolean
  readonly exportClientPort: boolean
  /** `CONFIG GET *` and the config_key_value / config_value families. */
  readonly includeConfigMetrics: boolean
  readonly redactConfigMetrics: boolean
  readonly includeSentinelPeerInfo: boolean
  /** INFO MODULES. */
  readonly includeModulesMetrics: boolean
  /** FT._LIST and FT.INFO for the indexes `searchIndexes` selects. */
  readonly includeSearchIndexesMetrics: boolean
  readonly searchIndexes: RegExp
  /** SERVER EXT (Tile38). */
  readonly isTile38: boolean
  readonly appendInstanceRoleLabel: boolean
}

export function readCollectorSettings(s: Settings): CollectorSettings {
  return {
    pingOnConnect: s.bool('REDIS_EXPORTER_PING_ON_CONNECT'),
    exportClientList: s.bool('REDIS_EXPORTER_EXPORT_CLIENT_LIST'),
    exportClientPort: s.bool('REDIS_EXPORTER_EXPORT_CLIENT_PORT'),
    includeConfigMetrics: s.bool('REDIS_EXPORTER_INCL_CONFIG_METRICS'),
    redactConfigMetrics: s.bool('REDIS_EXPORTER_REDACT_CONFIG_METRICS'),
    includeSentinelPeerInfo: s.bool('REDIS_EXPORTER_INCL_SENTINEL_PEER_INFO'),
    includeModulesMetrics: s.bool('REDIS_EXPORTER_INCL_MODULES_METRICS'),
    includeSearchIndexesMetrics: s.bool('REDIS_EXPORTER_INCL_SEARCH_INDEXES_METRICS'),
    searchIndexes: searchIndexPattern(s.textOrDefault('REDIS_EXPORTER_CHECK_SEARCH_INDEXES')),
    isTile38: s.bool('REDIS_EXPORTER_IS_TILE38'),
    appendInstanceRoleLabel: s.bool('REDIS_EXPORTER_APPEND_INSTANCE_ROLE_LABEL'),
  }
}

/** The index-selecting expression, unanchored as redis_exporter matches it; invalid: a startup error. */
function searchIndexPattern(source: string): RegExp {
  try {
    return new RegExp(source)
  } catch (err) {
    // The engine's message quotes the whole expression: only its reason is kept.
    const reason = (err as Error).message.split(': ').pop() ?? ''
    throw new ConfigError(
      `REDIS_EXPORTER_CHECK_SEARCH_INDEXES: not a valid regular expression (${reason})`
    )
  }
}

/** Every opt-in off (the table's defaults): what the exporter does when no setting asks for more. */
export const NO_OPT_INS: CollectorSettings = readCollectorSettings(readSettings({}))
