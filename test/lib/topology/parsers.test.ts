import { describe, expect, it } from 'vitest'
import { parseClusterNodes } from '../../../lib/topology/cluster-nodes'
import { parseClusterShards } from '../../../lib/topology/cluster-shards'
import { MAX_DISCOVERED_NODES } from '../../../lib/topology/node'
import { replicationNodes } from '../../../lib/topology/replication'
import { parseInfo } from '../../../lib/parse/info'

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

describe('parseClusterNodes', () => {
  it.each<[string, unknown]>([
    ['null', null],
    ['an empty string', ''],
    ['a line with too few fields', `${M1} 10.0.0.1:7000@17000 master`],
    ['a node without an address (noaddr)', `${M1} :0@0 master,noaddr - 0 0 1 disconnected`],
    ['a node in handshake', `${M1} 10.0.0.9:7000@17000 handshake - 0 0 0 connected`],
    ['a bad port', `${M1} 10.0.0.1:99999@1 master - 0 0 1 connected`],
    ['no port at all', `${M1} 10.0.0.1 master - 0 0 1 connected`],
  ])('skips %s', (_w, reply) => {
    expect(parseClusterNodes(reply, '127.0.0.1')).toEqual({ nodes: [], dropped: 0 })
  })

  it('reads masters, replicas, failed nodes, hostnames, aux fields, IPv6 and the own node without an ip', () => {
    const text = [
      `${M1} 10.0.0.1:7000@17000,node-1.example myself,master - 0 0 1 connected 0-8191`,
      `${R1} 10.0.0.2:7001@17001 slave ${M1} 0 1 1 connected`,
      `${M2} 10.0.0.3:7002@17002,,shard-id=s2,tls-port=7102 master,fail - 0 0 2 connected 8192-16383`,
      `${'d'.repeat(40)} [::1]:7003@17003 replica ${M2} 0 0 2 connected`,
      `${'e'.repeat(40)} :7004@17004 myself,master - 0 0 3 connected`,
      '',
    ].join('\n')
    expect(parseClusterNodes(text, 'seed.example').nodes).toEqual([
      {
        ip: '10.0.0.1',
        port: 7000,
        role: 'master',
        healthy: true,
        id: M1,
        hostname: 'node-1.example',
      },
      { ip: '10.0.0.2', port: 7001, role: 'replica', healthy: true, id: R1, masterId: M1 },
      {
        ip: '10.0.0.3',
        port: 7002,
        role: 'master',
        healthy: false,
        id: M2,
        tlsPort: 7102,
        shardId: 's2',
      },
      { ip: '::1', port: 7003, role: 'replica', healthy: true, id: 'd'.repeat(40), masterId: M2 },
      { ip: 'seed.example', port: 7004, role: 'master', healthy: true, id: 'e'.repeat(40) },
    ])
  })
})

describe('replicationNodes', () => {
  const self = { host: 'cache.example', port: 6379 }

  it('lists a master and its replicas (skipping lines without an address)', () => {
    const info = parseInfo(
      'role:master\r\nconnected_slaves:3\r\nslave0:ip=10.0.0.5,port=6380,state=online,offset=1,lag=0\r\nslave1:ip=10.0.0.6,port=6381,state=wait_bgsave,offset=0,lag=0\r\nslave2:ip=,port=0,state=online,offset=0\r\n'
    )
    expect(replicationNodes(info, self)).toEqual([
      { ip: 'cache.example', port: 6379, role: 'master', healthy: true },
      { ip: '10.0.0.5', port: 6380, role: 'replica', healthy: true },
      { ip: '10.0.0.6', port: 6381, role: 'replica', healthy: false },
    ])
  })

  it('lists a replica and its master', () => {
    const info = parseInfo(
      'role:slave\r\nmaster_host:10.0.0.1\r\nmaster_port:6379\r\nmaster_link_status:down\r\n'
    )
    expect(replicationNodes(info, self)).toEqual([
      { ip: '10.0.0.1', port: 6379, role: 'master', healthy: false },
      { ip: 'cache.example', port: 6379, role: 'replica', healthy: true },
    ])
  })

  it('lists only the node itself when INFO has no replication section (Upstash)', () => {
    expect(replicationNodes(parseInfo('redis_version:6.2.6\r\n'), self)).toEqual([
      { ip: 'cache.example', port: 6379, role: 'master', healthy: true },
    ])
  })
})

describe('the node limit', () => {
  const line = (i: number, flags = 'master') =>
    `${String(i).padStart(40, '0')} 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:7000@17000 ${flags} - 0 0 1 connected`
  const lines = (count: number, from = 0, flags = 'master') =>
    Array.from({ length: count }, (_, i) => line(from + i, flags))

  it('reads at most MAX_DISCOVERED_NODES of a 100,000-node CLUSTER NODES reply and counts the rest', () => {
    const parsed = parseClusterNodes(lines(100_000).join('\n'), 'seed')
    expect(parsed.nodes).toHaveLength(MAX_DISCOVERED_NODES)
    expect(parsed.nodes.at(-1)?.ip).toBe('10.0.3.231') // node 999
    expect(parsed.dropped).toBe(100_000 - MAX_DISCOVERED_NODES)
  })

  it('stops reading CLUSTER NODES after twice the limit in lines, valid or not', () => {
    // 7 unusable lines (handshake) then 3 good ones: with limit 3 only 6 lines are examined.
    const text = [...lines(7, 0, 'handshake'), ...lines(3, 100)].join('\n')
    expect(parseClusterNodes(text, 'seed', 3)).toEqual({ nodes: [], dropped: 4 })
    expect(parseClusterNodes(text, 'seed', 5).nodes.map((n) => n.ip)).toEqual([
      '10.0.0.100',
      '10.0.0.101',
      '10.0.0.102',
    ])
  })

  /** A node map that counts how often it is read. */
  class CountedNode extends Map<unknown, unknown> {
    static reads = 0
    override entries() {
      CountedNode.reads += 1
      return super.entries()
    }
  }
  const shardNode = (i: number, role = 'master') =>
    new CountedNode([
      ['id', `n${i}`],
      ['ip', `10.1.${(i >> 8) & 255}.${i & 255}`],
      ['port', 7000],
      ['role', role],
    ])

  it('reads at most MAX_DISCOVERED_NODES of a 100,000-node CLUSTER SHARDS reply, never touching the rest', () => {
    CountedNode.reads = 0
    const shards = Array.from(
      { length: 50_000 },
      (_, i) =>
        new Map<unknown, unknown>([
          ['id', `s${i}`],
          ['nodes', [shardNode(2 * i), shardNode(2 * i + 1, 'replica')]],
        ])
    )
    const parsed = parseClusterShards(shards)
    expect(parsed.nodes).toHaveLength(MAX_DISCOVERED_NODES)
    expect(parsed.dropped).toBe(100_000 - MAX_DISCOVERED_NODES)
    expect(CountedNode.reads).toBe(MAX_DISCOVERED_NODES)
    // Replicas cut with their shard still follow its master.
    expect(parsed.nodes.at(-1)).toMatchObject({ id: 'n999', role: 'replica', masterId: 'n998' })
  })

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
