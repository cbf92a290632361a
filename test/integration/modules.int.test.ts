import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FakeReply, FakeRespServer } from '../helpers/fake-resp-server'
import { redisLikeHandler, startFakeRespServer } from '../helpers/fake-resp-server'
import { parsePromText, sampleValue } from '../helpers/prom-text'
import { realApp } from '../helpers/real-app'

/**
 * Module, search index and Tile38 metrics through the real app and ioredis, from recorded replies
 * served over RESP (no redis-stack or Tile38 server runs here): redis-stack 7.4.7's INFO and
 * INFO MODULES, a RediSearch 2 FT.INFO.
 */
const read = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8')
const INFO = read('info-captures/redis-stack-7.4.7-modules-crashreport-info.txt')
const MODULES = read('parse/info-modules-redis-stack-7.4.7.txt')
const FT_INFO = JSON.parse(read('parse/ft-info-redisearch-2.json')) as FakeReply
/** SERVER EXT as key/value pairs, with field names Tile38 reports (redis_exporter prefixes tile38_). */
const SERVER_EXT: FakeReply = [
  'go_threads',
  '14',
  'num_objects',
  '120',
  'sys_cpus',
  '8',
  'read_only',
  'false',
]

describe('opt-in module, search index and Tile38 metrics over RESP', () => {
  let server: FakeRespServer

  beforeAll(async () => {
    server = await startFakeRespServer({
      handler: redisLikeHandler({
        info: INFO,
        extra: (command) => {
          const [name, arg] = command
          if (name === 'INFO' && arg?.toUpperCase() === 'MODULES') return MODULES
          if (name === 'FT._LIST') return ['idx', 'other_idx']
          if (name === 'FT.INFO' && arg === 'idx') return FT_INFO
          if (name === 'SERVER' && arg?.toUpperCase() === 'EXT') return SERVER_EXT
          return undefined
        },
      }),
    })
  })
  afterAll(async () => {
    await server?.stop()
  })

  async function scrape(env: Record<string, string>) {
    const app = realApp({ REDIS_ADDR: server.url, ...env })
    try {
      await app.get('/metrics')
      return parsePromText(await app.get('/metrics'))
    } finally {
      await app.close()
    }
  }

  it('sends none of their commands by default', async () => {
    const before = server.commands.length
    const families = await scrape({})
    const sent = server.commands.slice(before).map((c) => c.join(' ').toUpperCase())
    expect(sent.filter((c) => /^(INFO MODULES|FT\.|SERVER EXT)/.test(c))).toEqual([])
    expect(families.has('redis_module_info')).toBe(false)
  })

  it('REDIS_EXPORTER_INCL_MODULES_METRICS: module_info and the search fields', async () => {
    const families = await scrape({ REDIS_EXPORTER_INCL_MODULES_METRICS: 'true' })
    expect(families.get('redis_module_info')?.samples).toHaveLength(6)
    expect(sampleValue(families, 'redis_module_info', { name: 'search', ver: '21020' })).toBe(1)
    expect(sampleValue(families, 'redis_search_number_of_indexes')).toBe(2)
    expect(sampleValue(families, 'redis_search_used_memory_indexes_bytes')).toBe(34217)
    expect(
      sampleValue(families, 'redis_exporter_collector_success', { collector: 'modules' })
    ).toBe(1)
  })

  it('REDIS_EXPORTER_INCL_SEARCH_INDEXES_METRICS: FT.INFO only for the selected indexes', async () => {
    const before = server.commands.length
    const families = await scrape({
      REDIS_EXPORTER_INCL_SEARCH_INDEXES_METRICS: 'true',
      REDIS_EXPORTER_CHECK_SEARCH_INDEXES: '^idx$',
    })
    const ftInfo = server.commands.slice(before).filter((c) => c[0] === 'FT.INFO')
    expect(ftInfo).toEqual([
      ['FT.INFO', 'idx'],
      ['FT.INFO', 'idx'],
    ])
    expect(sampleValue(families, 'redis_search_index_num_docs', { index_name: 'idx' })).toBe(4)
    expect(sampleValue(families, 'redis_search_index_max_doc_id', { index_name: 'idx' })).toBe(12)
    expect(families.get('redis_search_index_number_of_uses_total')?.type).toBe('counter')
  })

  it('REDIS_EXPORTER_IS_TILE38: the tile38_* gauges from SERVER EXT', async () => {
    const families = await scrape({ REDIS_EXPORTER_IS_TILE38: 'true' })
    expect(sampleValue(families, 'redis_tile38_threads_total')).toBe(14)
    expect(sampleValue(families, 'redis_tile38_num_objects_total')).toBe(120)
    expect(sampleValue(families, 'redis_tile38_cpus_total')).toBe(8)
    expect(sampleValue(families, 'redis_tile38_read_only')).toBe(0)
  })
})
