import { describe, expect, it } from 'vitest'
import type { BuildOptions } from '../../../lib/metrics/build'
import { NO_OPT_INS } from '../../../lib/settings/collector-settings'
import type { Reply } from '../../../lib/types'
import { labelNames, sampleValue } from '../../helpers/prom-text'
import { fixtureText, NOW_SECONDS, parsed, upSnapshot } from './build-fixtures'

const LIST: Reply = { ok: true, value: fixtureText('client-list-redis-7.0.txt') }
const on = (port = false) => ({
  optIns: { ...NO_OPT_INS, exportClientList: true, exportClientPort: port },
})

describe('client list families from a real CLIENT LIST', () => {
  const families = parsed(upSnapshot({ replies: [['client_list', [LIST]]] }), on())

  it('has one connected_clients_details series per client, in the 1.45 shape', () => {
    const details = families.get('redis_connected_clients_details')!
    expect(details.type).toBe('gauge')
    expect(details.samples).toHaveLength(6)
    expect(labelNames(details)).toEqual([
      'cmd',
      'created_at',
      'db',
      'flags',
      'host',
      'idle_since',
      'name',
      'omem',
    ])
    const replica = details.samples.find((s) => s.labels['cmd'] === 'psync')
    expect(replica?.labels).toEqual({
      cmd: 'psync',
      created_at: String(NOW_SECONDS - 2),
      db: '0',
      flags: 'S',
      host: '127.0.0.1',
      idle_since: String(NOW_SECONDS - 2),
      name: '',
      omem: '0',
    })
  })

  it.each<[string, Record<string, string>, number]>([
    ['redis_connected_client_info', { id: '5', user: 'default', resp: '2' }, 1],
    ['redis_connected_client_channel_subscriptions_count', { id: '5' }, 1],
    ['redis_connected_client_total_memory_consumed_bytes', { id: '8' }, 37658],
    ['redis_connected_client_query_buffer_length_bytes', { id: '8' }, 26],
    ['redis_connected_client_query_buffer_free_space_bytes', { id: '8' }, 20448],
    ['redis_connected_client_created_at_timestamp', { id: '8' }, NOW_SECONDS],
    ['redis_connected_client_idle_since_timestamp', { id: '3' }, NOW_SECONDS - 2],
    ['redis_connected_client_shard_channel_subscriptions_count', { id: '3' }, 0],
  ])('%s%j = %d', (name, labels, value) => {
    expect(sampleValue(families, name, labels)).toBe(value)
  })

  it('has no watch gauge on Redis 7.0 (the field came with 7.4)', () => {
    expect(families.has('redis_connected_client_shard_channel_watched_keys')).toBe(false)
  })

  it('adds the port label with REDIS_EXPORTER_EXPORT_CLIENT_PORT', () => {
    const withPort = parsed(upSnapshot({ replies: [['client_list', [LIST]]] }), on(true))
    expect(labelNames(withPort.get('redis_connected_clients_details')!)).toContain('port')
    expect(sampleValue(withPort, 'redis_connected_client_info', { id: '3', port: '54676' })).toBe(1)
  })

  const refused: Reply = { ok: false, error: 'NOPERM' }
  it.each<[string, Reply, Partial<BuildOptions>]>([
    ['the setting off', LIST, {}],
    ['CLIENT LIST refused', refused, on()],
  ])('emits nothing with %s', (_what, reply, opts) => {
    const page = parsed(upSnapshot({ replies: [['client_list', [reply]]] }), opts)
    expect(page.has('redis_connected_clients_details')).toBe(false)
    expect(page.has('redis_connected_client_info')).toBe(false)
  })
})
