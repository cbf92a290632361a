import { describe, expect, it } from 'vitest'
import { parseClusterNodes } from '../../../lib/topology/cluster-nodes'
import { clusterNodesLines } from '../../helpers/topology-replies'

const M1 = 'a'.repeat(40)
const R1 = 'b'.repeat(40)
const M2 = 'c'.repeat(40)

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

describe('the node limit of CLUSTER NODES', () => {
  it('stops reading CLUSTER NODES after twice the limit in lines, valid or not', () => {
    // 7 unusable lines (handshake) then 3 good ones: with limit 3 only 6 lines are examined.
    const text = [...clusterNodesLines(7, 0, 'handshake'), ...clusterNodesLines(3, 100)].join('\n')
    expect(parseClusterNodes(text, 'seed', 3)).toEqual({ nodes: [], dropped: 4 })
    expect(parseClusterNodes(text, 'seed', 5).nodes.map((n) => n.ip)).toEqual([
      '10.0.0.100',
      '10.0.0.101',
      '10.0.0.102',
    ])
  })
})
