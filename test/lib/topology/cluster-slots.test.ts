import { describe, expect, it } from 'vitest'
import { parseClusterSlots } from '../../../lib/topology/cluster-slots'

/** CLUSTER SLOTS of a 3-master cluster with one replica, as Redis 7.0 answers (RESP2 and RESP3). */
const THREE_MASTERS = [
  [0, 5460, ['127.0.0.1', 30001, 'a'.repeat(40), []], ['127.0.0.1', 30004, 'd'.repeat(40), []]],
  [5461, 10922, ['127.0.0.1', 30002, 'b'.repeat(40), []]],
  [10923, 16383, ['127.0.0.1', 30003, 'c'.repeat(40), []]],
]

describe('parseClusterSlots', () => {
  it('maps every slot to its master', () => {
    const map = parseClusterSlots(THREE_MASTERS, '127.0.0.1')
    expect(map.masters.map((m) => m.id)).toEqual([
      '127.0.0.1:30001',
      '127.0.0.1:30002',
      '127.0.0.1:30003',
    ])
    expect([
      map.owner[0],
      map.owner[5460],
      map.owner[5461],
      map.owner[10922],
      map.owner[16383],
    ]).toEqual([0, 0, 1, 1, 2])
    expect(map.owner.includes(-1)).toBe(false)
    expect(map.masters.map((m) => m.nodeId)).toEqual(['a', 'b', 'c'].map((c) => c.repeat(40)))
  })

  it('reads numbers given as text or bigint, and several ranges of one master once', () => {
    const map = parseClusterSlots(
      [
        ['0', '99', ['10.0.0.1', '7000']],
        [100n, 199n, ['10.0.0.2', 7000n]],
        [200, 299, ['10.0.0.1', 7000]],
      ],
      'seed'
    )
    expect(map.masters.map((m) => m.id)).toEqual(['10.0.0.1:7000', '10.0.0.2:7000'])
    expect(map.masters.some((m) => 'nodeId' in m)).toBe(false)
    expect([map.owner[50], map.owner[150], map.owner[250], map.owner[300]]).toEqual([0, 1, 0, -1])
  })

  it('takes an empty ip as the address the reply came from, and brackets IPv6', () => {
    const map = parseClusterSlots(
      [
        [0, 10, ['', 6379]],
        [11, 20, ['::1', 6380]],
      ],
      'redis.internal'
    )
    expect(map.masters.map((m) => m.id)).toEqual(['redis.internal:6379', '[::1]:6380'])
  })

  it.each([
    ['an unknown endpoint', [[0, 10, ['?', 6379]]]],
    ['a bad port', [[0, 10, ['10.0.0.1', 70000]]]],
    ['a reversed range', [[10, 0, ['10.0.0.1', 6379]]]],
    ['a negative start', [[-5, 10, ['10.0.0.1', 6379]]]],
    ['no master', [[0, 10]]],
    ['not an array', 'ERR This instance has cluster support disabled'],
    ['nothing', undefined],
  ])('leaves slots unserved on %s, without throwing', (_what, reply) => {
    const map = parseClusterSlots(reply, 'seed')
    expect(map.masters).toEqual([])
    expect(map.owner.every((o) => o === -1)).toBe(true)
  })

  it('clips a range past slot 16383', () => {
    const map = parseClusterSlots([[16000, 99999, ['10.0.0.1', 6379]]], 'seed')
    expect(map.owner[16383]).toBe(0)
    expect(map.owner.length).toBe(16384)
  })

  it('reads at most 16,384 entries of a hostile reply', () => {
    const reply = Array.from({ length: 50_000 }, (_, i) => [
      i % 16384,
      i % 16384,
      ['10.0.0.1', 1 + (i % 60000)],
    ])
    const map = parseClusterSlots(reply, 'seed')
    expect(map.masters.length).toBeLessThanOrEqual(1000)
    expect(map.owner[16383]).toBe(-1)
  })
})
