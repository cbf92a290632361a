import { describe, expect, it } from 'vitest'
import { parseTarget } from '../../../lib/target'
import type { Discovery, DiscoveredNode } from '../../../lib/topology/discover'
import { httpSdGroups } from '../../../lib/topology/http-sd'

const withSecret = (uri: string) => ({ ...parseTarget(uri), username: 'exp', password: 'pw-1' })

const node = (uri: string, extra: Partial<DiscoveredNode> = {}): DiscoveredNode => ({
  target: withSecret(uri),
  role: 'master',
  healthy: true,
  ...extra,
})

const discovery = (seed: string, nodes: DiscoveredNode[]): Discovery => ({
  seed: withSecret(seed),
  source: 'cluster_shards',
  nodes,
  outOfScope: [],
  truncated: 0,
})

describe('httpSdGroups', () => {
  it.each<[string, DiscoveredNode, string, Record<string, string>]>([
    [
      'a plain master',
      node('redis://10.0.0.1:7000'),
      'redis://10.0.0.1:7000',
      { __meta_redis_role: 'master', __meta_redis_healthy: 'true' },
    ],
    [
      'a TLS replica with cluster ids',
      node('rediss://10.0.0.2:7100', {
        role: 'replica',
        nodeId: 'n2',
        shardId: 's1',
        masterId: 'n1',
      }),
      'rediss://10.0.0.2:7100',
      {
        __meta_redis_role: 'replica',
        __meta_redis_healthy: 'true',
        __meta_redis_node_id: 'n2',
        __meta_redis_shard_id: 's1',
        __meta_redis_master_id: 'n1',
      },
    ],
    [
      'a failed node',
      node('redis://[::1]:7003', { healthy: false }),
      'redis://[::1]:7003',
      { __meta_redis_role: 'master', __meta_redis_healthy: 'false' },
    ],
  ])('writes %s as one group', (_what, n, target, labels) => {
    const [group, ...rest] = httpSdGroups(discovery('redis://cfg.example:7000', [n]))
    expect(rest).toEqual([])
    expect(group).toEqual({
      targets: [target],
      labels: {
        ...labels,
        __meta_redis_seed: 'redis://cfg.example:7000',
        __meta_redis_discovery: 'cluster_shards',
      },
    })
  })

  it('gives one group per node, in order, with the seed scheme and never a credential', () => {
    const found = discovery('rediss://cfg.example:7000', [
      node('rediss://10.0.0.1:7100'),
      node('rediss://10.0.0.2:7100', { role: 'replica' }),
    ])
    const groups = httpSdGroups(found)
    expect(groups.map((g) => [g.targets[0], g.labels.__meta_redis_seed])).toEqual([
      ['rediss://10.0.0.1:7100', 'rediss://cfg.example:7000'],
      ['rediss://10.0.0.2:7100', 'rediss://cfg.example:7000'],
    ])
    expect(JSON.stringify(groups)).not.toMatch(/pw-1|exp@/)
    expect(httpSdGroups(discovery('redis://cfg:1', []))).toEqual([])
  })
})
