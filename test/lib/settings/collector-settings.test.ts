import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../../lib/errors'
import { NO_OPT_INS, readCollectorSettings } from '../../../lib/settings/collector-settings'
import { readSettings } from '../../../lib/settings/read'

const read = (env: Record<string, string>) => readCollectorSettings(readSettings(env))

describe('readCollectorSettings', () => {
  it('is every opt-in off by default, with redaction on and every search index selected', () => {
    expect(read({})).toEqual(NO_OPT_INS)
  })

  it.each<[string, string, Partial<Record<keyof typeof NO_OPT_INS, unknown>>]>([
    ['REDIS_EXPORTER_PING_ON_CONNECT', 'true', { pingOnConnect: true }],
    ['REDIS_EXPORTER_EXPORT_CLIENT_LIST', '1', { exportClientList: true }],
    ['REDIS_EXPORTER_EXPORT_CLIENT_PORT', 'true', { exportClientPort: true }],
    ['REDIS_EXPORTER_INCL_CONFIG_METRICS', 'true', { includeConfigMetrics: true }],
    ['REDIS_EXPORTER_REDACT_CONFIG_METRICS', 'false', { redactConfigMetrics: false }],
    ['REDIS_EXPORTER_INCL_SENTINEL_PEER_INFO', 'true', { includeSentinelPeerInfo: true }],
    ['REDIS_EXPORTER_INCL_MODULES_METRICS', 'true', { includeModulesMetrics: true }],
    ['REDIS_EXPORTER_INCL_SEARCH_INDEXES_METRICS', 'true', { includeSearchIndexesMetrics: true }],
    ['REDIS_EXPORTER_CHECK_SEARCH_INDEXES', '^idx_', { searchIndexes: /^idx_/ }],
    ['REDIS_EXPORTER_IS_TILE38', 'true', { isTile38: true }],
    ['REDIS_EXPORTER_APPEND_INSTANCE_ROLE_LABEL', 'true', { appendInstanceRoleLabel: true }],
  ])('%s=%s', (name, value, expected) => {
    expect(read({ [name]: value })).toEqual({ ...NO_OPT_INS, ...expected })
  })

  it('refuses an invalid search index expression at startup, naming the setting', () => {
    expect(() => read({ REDIS_EXPORTER_CHECK_SEARCH_INDEXES: '(idx' })).toThrow(ConfigError)
    expect(() => read({ REDIS_EXPORTER_CHECK_SEARCH_INDEXES: '(idx' })).toThrow(
      /^REDIS_EXPORTER_CHECK_SEARCH_INDEXES: not a valid regular expression \(Unterminated group\)$/
    )
  })

  it('refuses a bool that is not one', () => {
    expect(() => read({ REDIS_EXPORTER_EXPORT_CLIENT_LIST: 'maybe' })).toThrow(
      /REDIS_EXPORTER_EXPORT_CLIENT_LIST/
    )
  })
})
