import { describe, expect, it } from 'vitest'
import { NO_OPT_INS } from '../../../lib/settings/collector-settings'
import type { Reply } from '../../../lib/types'
import { sampleValue } from '../../helpers/prom-text'
import { fixtureText, parsed, upSnapshot } from './build-fixtures'

const MODULES: Reply = { ok: true, value: fixtureText('info-modules-redis-stack-7.4.7.txt') }
const FT_INFO: Reply = { ok: true, value: JSON.parse(fixtureText('ft-info-redisearch-2.json')) }

describe('INFO MODULES (REDIS_EXPORTER_INCL_MODULES_METRICS)', () => {
  const families = parsed(upSnapshot({ replies: [['modules', [MODULES]]] }), {
    optIns: { ...NO_OPT_INS, includeModulesMetrics: true },
  })

  it('has module_info per module line', () => {
    expect(families.get('redis_module_info')?.samples).toHaveLength(6)
    const labels = {
      name: 'ReJSON',
      ver: '20809',
      api: '1',
      filters: '0',
      usedby: '[search]',
      using: '[]',
    }
    expect(sampleValue(families, 'redis_module_info', labels)).toBe(1)
  })

  it.each<[string, number, string]>([
    ['redis_search_number_of_indexes', 2, 'gauge'],
    ['redis_search_used_memory_indexes_bytes', 34217, 'gauge'],
    ['redis_search_global_idle', 0, 'gauge'],
    ['redis_search_cycles_total', 0, 'counter'],
    ['redis_search_queries_processed_total', 0, 'counter'],
  ])('maps %s = %d (%s)', (name, value, type) => {
    expect(sampleValue(families, name)).toBe(value)
    expect(families.get(name)?.type).toBe(type)
  })

  it('exports the module fields of the INFO map and no other', () => {
    expect(sampleValue(families, 'redis_search_dialect_1')).toBe(0)
    expect(families.has('redis_search_version')).toBe(false)
    expect(families.has('redis_search_minimal_term_prefix')).toBe(false)
    expect(sampleValue(families, 'redis_search_number_of_active_indexes')).toBe(1)
    expect(sampleValue(families, 'redis_search_total_active_write_threads')).toBe(1)
    // Numeric, but runtime settings redis_exporter does not map.
    expect(families.has('redis_search_cursor_read_size')).toBe(false)
    expect(families.has('redis_search_query_timeout_ms')).toBe(false)
  })

  it('leaves everything out when the setting is off', () => {
    const off = parsed(upSnapshot({ replies: [['modules', [MODULES]]] }))
    expect(off.has('redis_module_info')).toBe(false)
    expect(off.has('redis_search_number_of_indexes')).toBe(false)
  })
})

describe('FT.INFO (REDIS_EXPORTER_INCL_SEARCH_INDEXES_METRICS)', () => {
  const families = parsed(upSnapshot({ replies: [['search_info', [FT_INFO]]] }), {
    optIns: { ...NO_OPT_INS, includeSearchIndexesMetrics: true },
  })
  const idx = { index_name: 'idx' }

  it.each<[string, number]>([
    ['redis_search_index_num_docs', 4],
    ['redis_search_index_max_doc_id', 12],
    ['redis_search_index_num_records', 30],
    ['redis_search_index_inverted_size_bytes', 0.000171661376953125 * 1048576],
    ['redis_search_index_doc_table_size_bytes', 0.000995635986328125 * 1048576],
    ['redis_search_index_avg_per_doc_records', 7.5],
    ['redis_search_index_avg_per_record_offset_bits', 8],
    ['redis_search_index_percent_indexed', 1],
    // Absent from this RediSearch version: 0, as redis_exporter reads it.
    ['redis_search_index_vector_index_size_bytes', 0],
    ['redis_search_index_number_of_uses_total', 0],
  ])('%s = %d', (name, value) => {
    expect(sampleValue(families, name, idx)).toBeCloseTo(value, 9)
  })

  it('has all 24 families, one counter', () => {
    const names = [...families.keys()].filter((n) => n.startsWith('redis_search_index_'))
    expect(names).toHaveLength(24)
    expect(families.get('redis_search_index_number_of_uses_total')?.type).toBe('counter')
  })

  it('skips a failed FT.INFO and a reply without index_name', () => {
    const replies: Reply[] = [
      { ok: false, error: 'Unknown Index name' },
      { ok: true, value: ['num_docs', '1'] },
    ]
    const page = parsed(upSnapshot({ replies: [['search_info', replies]] }), {
      optIns: { ...NO_OPT_INS, includeSearchIndexesMetrics: true },
    })
    expect(page.has('redis_search_index_num_docs')).toBe(false)
  })
})

describe('SERVER EXT (REDIS_EXPORTER_IS_TILE38)', () => {
  // SERVER EXT answers key/value pairs; redis_exporter prefixes the keys with tile38_.
  const ext: Reply = {
    ok: true,
    value: ['go_threads', '12', 'tile38_num_objects', '3', 'sys_cpus', '4', 'version', '1.33.0'],
  }
  const families = parsed(upSnapshot({ replies: [['tile38', [ext]]] }), {
    optIns: { ...NO_OPT_INS, isTile38: true },
  })

  it.each<[string, number]>([
    ['redis_tile38_threads_total', 12],
    ['redis_tile38_num_objects_total', 3],
    ['redis_tile38_cpus_total', 4],
  ])('%s = %d (a gauge, as upstream)', (name, value) => {
    expect(sampleValue(families, name)).toBe(value)
    expect(families.get(name)?.type).toBe('gauge')
  })
})
