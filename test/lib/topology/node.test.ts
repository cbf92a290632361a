import { describe, expect, expectTypeOf, it } from 'vitest'
import { parseClusterNodes } from '../../../lib/topology/cluster-nodes'
import { parseClusterShards } from '../../../lib/topology/cluster-shards'
import { MAX_DISCOVERED_NODES, type ParsedNodes } from '../../../lib/topology/node'
import { CountedNode, clusterNodesLines, shardNode } from '../../helpers/topology-replies'

describe('MAX_DISCOVERED_NODES, the default limit of every topology parser', () => {
  it('is what both parsers return', () => {
    expectTypeOf(parseClusterNodes).returns.toEqualTypeOf<ParsedNodes>()
    expectTypeOf(parseClusterShards).returns.toEqualTypeOf<ParsedNodes>()
  })

  it('reads at most MAX_DISCOVERED_NODES of a 100,000-node CLUSTER NODES reply and counts the rest', () => {
    const parsed = parseClusterNodes(clusterNodesLines(100_000).join('\n'), 'seed')
    expect(parsed.nodes).toHaveLength(MAX_DISCOVERED_NODES)
    expect(parsed.nodes.at(-1)?.ip).toBe('10.0.3.231') // node 999
    expect(parsed.dropped).toBe(100_000 - MAX_DISCOVERED_NODES)
  })

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
})
