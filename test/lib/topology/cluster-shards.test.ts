import { describe, expect, it } from 'vitest'
import { parseClusterShards } from '../../../lib/topology/cluster-shards'
import { CountedNode, shardNode } from '../../helpers/topology-replies'

const M1 = 'a'.repeat(40)
const R1 = 'b'.repeat(40)
const M2 = 'c'.repeat(40)

/** A RESP2 `CLUSTER SHARDS` reply as ioredis gives it (flat key/value arrays), Redis 7.0 shape. */
const SHARDS = [
  [
    'slots',
    [0, 8191],
    'nodes',
    [
      [
        'id',
        M1,
        'port',
        7000,
        'ip',
        '10.0.0.1',
        'endpoint',
        '10.0.0.1',
        'hostname',
        'node-1.example',
        'role',
        'master',
        'replication-offset',
        1,
        'health',
        'online',
      ],
      [
        'id',
        R1,
        'port',
        7001,
        'ip',
        '10.0.0.2',
        'endpoint',
        '10.0.0.2',
        'role',
        'replica',
        'replication-offset',
        1,
        'health',
        'loading',
      ],
    ],
  ],
  [
    'slots',
    [8192, 16383],
    'nodes',
    [
      [
        'id',
        M2,
        'port',
        7002,
        'tls-port',
        7102,
        'ip',
        '10.0.0.3',
        'endpoint',
        '?',
        'role',
        'master',
        'health',
        'fail',
      ],
    ],
  ],
]

describe('parseClusterShards', () => {
  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'nope'],
    ['shards without nodes', [['slots', [0, 1]]]],
    [
      'a node without an address',
      [['nodes', [['id', M1, 'port', 7000, 'ip', '?', 'endpoint', '']]]],
    ],
    ['a node without a port', [['nodes', [['id', M1, 'ip', '10.0.0.1']]]]],
  ])('gives [] for %s', (_w, reply) => {
    expect(parseClusterShards(reply)).toEqual({ nodes: [], dropped: 0 })
  })

  it('reads every node of every shard, tying replicas to their master', () => {
    expect(parseClusterShards(SHARDS).nodes).toEqual([
      {
        ip: '10.0.0.1',
        port: 7000,
        role: 'master',
        healthy: true,
        hostname: 'node-1.example',
        id: M1,
      },
      { ip: '10.0.0.2', port: 7001, role: 'replica', healthy: true, id: R1, masterId: M1 },
      { ip: '10.0.0.3', port: 7002, role: 'master', healthy: false, tlsPort: 7102, id: M2 },
    ])
  })

  it('reads RESP3 maps the same way', () => {
    const toMap = (flat: unknown[]) =>
      new Map<unknown, unknown>(
        Array.from({ length: flat.length / 2 }, (_, k) => [flat[2 * k], flat[2 * k + 1]])
      )
    const asMaps = SHARDS.map((shard) => {
      const nodes = shard[3] as unknown[][]
      return new Map<unknown, unknown>([
        ['id', 'shard-1'],
        ['nodes', nodes.map(toMap)],
      ])
    })
    const { nodes } = parseClusterShards(asMaps)
    expect(nodes.map((n) => [n.ip, n.port, n.role, n.shardId])).toEqual([
      ['10.0.0.1', 7000, 'master', 'shard-1'],
      ['10.0.0.2', 7001, 'replica', 'shard-1'],
      ['10.0.0.3', 7002, 'master', 'shard-1'],
    ])
  })
})

describe('the node limit of CLUSTER SHARDS', () => {
  it('cuts inside one shard of 100,000 nodes, and stops after three times the limit in empty shards', () => {
    CountedNode.reads = 0
    const one = [['id', 's', 'nodes', Array.from({ length: 100_000 }, (_, i) => shardNode(i))]]
    const parsed = parseClusterShards(one, 10)
    expect(parsed.nodes).toHaveLength(10)
    expect(parsed.dropped).toBe(99_990)
    expect(CountedNode.reads).toBe(10)
    const empty = [...Array.from({ length: 9 }, () => ['nodes', []]), ['nodes', [shardNode(1)]]]
    expect(parseClusterShards(empty, 3)).toEqual({ nodes: [], dropped: 1 })
    expect(parseClusterShards(empty, 4).nodes).toHaveLength(1)
  })
})
