import { describe, expect, it } from 'vitest'
import { FamilySet } from '../../../lib/metrics/family-set'
import { addInfoFields } from '../../../lib/metrics/build-info'
import { parseInfo } from '../../../lib/parse/info'
import { renderPrometheus } from '../../../lib/render/prometheus'
import { parsePromText, sampleValue } from '../../helpers/prom-text'
import { dbLabels, fixtureText, parsed, upSnapshot } from './build-fixtures'

describe('buildFamilies INFO fields', () => {
  it.each<[string, number | undefined]>([
    ['', undefined],
    ['unknown', undefined],
    ['12abc', undefined],
    ['ok', 1],
    ['true', 1],
    ['err', 0],
    ['fail', 0],
    ['false', 0],
    ['-1', -1],
  ])('reads rdb_last_bgsave_status %j as %s', (raw, expected) => {
    const families = parsed(upSnapshot({ info: { rdb_last_bgsave_status: raw } }))
    expect(sampleValue(families, 'redis_rdb_last_bgsave_status')).toBe(expected)
  })

  it.each([
    ['instantaneous_ops_per_sec', '5940', 'redis_instantaneous_ops_per_sec'],
    ['redis_git_sha1', '00000000', 'redis_redis_git_sha1'],
    ['uptime_in_days', '0', 'redis_uptime_in_days'],
    ['used_memory_human', '1.18M', 'redis_used_memory_human'],
    ['lru_clock', '156934', 'redis_lru_clock'],
  ])('does not export %s, which no map or rule claims', (field, raw, name) => {
    const families = parsed(upSnapshot({ info: { [field]: raw } }))
    expect(families.has(name)).toBe(false)
    expect([...families.keys()].filter((n) => n.includes(field))).toEqual([])
  })

  it.each<[string, string, number]>([
    ['0', 'redis_latest_fork_seconds', 0],
    ['250000', 'redis_latest_fork_seconds', 0.25],
    ['1500000', 'redis_latest_fork_seconds', 1.5],
  ])('converts latest_fork_usec %s to seconds', (raw, name, expected) => {
    const families = parsed(upSnapshot({ info: { latest_fork_usec: raw } }))
    expect(families.has('redis_latest_fork_usec')).toBe(false)
    expect(sampleValue(families, name)).toBe(expected)
  })

  it.each([['10'], ['1234']])(
    'converts latest_fork_usec %s exactly as redis_exporter does (÷ 1e6)',
    (raw) => {
      const families = parsed(upSnapshot({ info: { latest_fork_usec: raw } }))
      expect(sampleValue(families, 'redis_latest_fork_seconds')).toBe(Number(raw) / 1e6)
    }
  )

  it.each<[boolean, number | undefined]>([
    [false, undefined],
    [true, 25276502016],
  ])('with includeSystemMetrics %s exports total_system_memory as %s', (include, expected) => {
    const info = parseInfo(fixtureText('info-redis-7.0.txt'))
    const families = parsed(upSnapshot({ info }), { includeSystemMetrics: include })
    expect(sampleValue(families, 'redis_total_system_memory_bytes')).toBe(expected)
  })

  it('passes cluster_* fields from CLUSTER INFO through as gauges, ok read as 1', () => {
    const info = { cluster_enabled: '1', ...parseInfo(fixtureText('cluster-info-redis-7.0.txt')) }
    const families = parsed(upSnapshot({ info }))
    expect(sampleValue(families, 'redis_cluster_state')).toBe(1)
    expect(sampleValue(families, 'redis_cluster_slots_assigned')).toBe(16384)
    expect(families.get('redis_cluster_known_nodes')?.type).toBe('gauge')
    expect(dbLabels(families)).toEqual(['db0'])
  })
})

describe('addInfoFields', () => {
  const page = (info: Record<string, string>, includeSystemMetrics = false) => {
    const set = new FamilySet('redis')
    addInfoFields(set, info, { includeSystemMetrics })
    return { set, families: parsePromText(renderPrometheus(set.list())) }
  }

  it.each([
    ['cluster_messages_sent_total', 'an INFO map name (cluster_stats_messages_sent)'],
    ['db_keys', 'a keyspace family'],
    ['db_avg_ttl_seconds', 'a keyspace family'],
    ['cluster_messages_received_total', 'an INFO map name (cluster_stats_messages_received)'],
  ])('drops a field named %s, %s: a server cannot add to a catalog family', (field) => {
    const { set, families } = page({ [field]: '5', cluster_stats_messages_sent: '7' })
    expect(set.has(field)).toBe(field === 'cluster_messages_sent_total')
    if (field === 'cluster_messages_sent_total') {
      expect(sampleValue(families, 'redis_cluster_messages_sent_total')).toBe(7)
    }
    expect(set.duplicates).toBe(0)
  })

  it('drops a field made safe into a catalog name too (db-keys -> db_keys)', () => {
    const { set } = page({ 'db-keys': '5' })
    expect(set.list()).toEqual([])
  })

  it('keeps the first of two fields made safe into one name and counts the other', () => {
    const { set, families } = page({ 'cluster_a-b': '1', 'cluster_a.b': '2' })
    expect(families.get('redis_cluster_a_b')?.samples.map((s) => s.value)).toEqual([1])
    expect(families.get('redis_cluster_a_b')?.help).toBe(
      'cluster_a_b metric (INFO or CLUSTER INFO field cluster_a-b)'
    )
    expect(set.duplicates).toBe(1)
  })

  it('writes a field holding replacement patterns into the help as it is', () => {
    const { families } = page({ 'cluster_$&$`': '1' })
    expect(families.get('redis_cluster_____')?.help).toBe(
      'cluster_____ metric (INFO or CLUSTER INFO field cluster_$&$`)'
    )
  })

  it.each([
    ['tile38_aof_size', 'redis_tile38_aof_size_bytes'],
    ['search_number_of_indexes', 'redis_search_indexes'],
  ])('skips %s: its opt-in has no setting yet', (field, name) => {
    const { set, families } = page({ [field]: '3' }, true)
    expect(families.has(name)).toBe(false)
    expect(set.list()).toEqual([])
  })

  it('reads used_active_time_io_thread_N as the thread label', () => {
    const { families } = page({
      used_active_time_io_thread_0: '12',
      used_active_time_io_thread_3: 'x',
      used_active_time_io_thread_7: '4',
    })
    const samples = families.get('redis_active_time_io_thread_seconds_total')?.samples
    expect(samples?.map((s) => [s.labels['thread'], s.value])).toEqual([
      ['0', 12],
      ['7', 4],
    ])
  })
})
