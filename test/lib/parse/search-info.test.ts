import { describe, expect, it } from 'vitest'
import { ftIndexName, parseFtInfo, selectSearchIndexes } from '../../../lib/parse/search-info'
import { fixtureJson, GARBAGE } from './fixture'

const FT_INFO = fixtureJson('ft-info-redisearch-2.json')

/** The RESP3 shape of the same reply: a map (nested arrays stay as they are). */
function asResp3(flat: unknown): Map<unknown, unknown> {
  const a = flat as unknown[]
  return new Map(Array.from({ length: a.length / 2 }, (_, i) => [a[2 * i], a[2 * i + 1]]))
}

describe('parseFtInfo', () => {
  it.each([
    ['RESP2', FT_INFO],
    ['RESP3', asResp3(FT_INFO)],
  ])('reads the numeric fields of a recorded RediSearch 2 FT.INFO (%s)', (_resp, reply) => {
    const fields = parseFtInfo(reply)
    expect(fields).toMatchObject({
      num_docs: 4,
      max_doc_id: 12,
      num_records: 30,
      inverted_sz_mb: 0.000171661376953125,
      offset_vectors_sz_mb: 2.86102294921875e-5,
      records_per_doc_avg: 7.5,
      percent_indexed: 1,
      indexing: 0,
    })
    expect(fields['index_name']).toBeUndefined()
    expect(fields['gc_stats']).toBeUndefined()
    expect(ftIndexName(reply)).toBe('idx')
  })

  it.each(GARBAGE)('%s gives nothing', (_name, x) => {
    expect(parseFtInfo(x)).toEqual({})
    expect(ftIndexName(x)).toBeUndefined()
  })
})

describe('selectSearchIndexes', () => {
  it.each<[string, unknown, RegExp, string[]]>([
    ['every index with .*', ['idx', 'users', 'docs'], /.*/, ['idx', 'users', 'docs']],
    ['unanchored, as redis_exporter matches', ['idx', 'my_idx', 'users'], /idx/, ['idx', 'my_idx']],
    ['anchored when asked', ['idx', 'my_idx'], /^idx$/, ['idx']],
    [
      'bytes decoded, non-text skipped',
      [new TextEncoder().encode('b'), 5n, null, {}],
      /.*/,
      ['b', '5'],
    ],
    ['not an array', 'idx', /.*/, []],
    [
      'a global regex does not skip every other match',
      ['a1', 'a2', 'a3'],
      /a/g,
      ['a1', 'a2', 'a3'],
    ],
  ])('%s', (_name, reply, pattern, expected) => {
    expect(selectSearchIndexes(reply, pattern)).toEqual(expected)
  })

  it('keeps at most MAX_SEARCH_INDEXES indexes', () => {
    const names = Array.from({ length: 150 }, (_, i) => `i${i}`)
    expect(selectSearchIndexes(names, /.*/)).toHaveLength(100)
  })
})
