import { describe, expect, it } from 'vitest'
import { parseClusterInfo } from '../../../lib/parse/cluster-info'
import { fixtureText, GARBAGE } from './fixture'

describe('parseClusterInfo', () => {
  it.each<[string, unknown, Record<string, string>]>([
    ...GARBAGE.map(([name, x]): [string, unknown, Record<string, string>] => [name, x, {}]),
    ['empty string', '', {}],
    [
      'the error text of a non-cluster server',
      'ERR This instance has cluster support disabled',
      {},
    ],
    ['a truncated line', 'cluster_state:ok\r\ncluster_slo', { cluster_state: 'ok' }],
    [
      'CRLF',
      'cluster_state:fail\r\ncluster_size:0\r\n',
      { cluster_state: 'fail', cluster_size: '0' },
    ],
    ['LF', 'cluster_state:ok\ncluster_size:3', { cluster_state: 'ok', cluster_size: '3' }],
  ])('%s', (_name, text, expected) => {
    expect(() => parseClusterInfo(text as string)).not.toThrow()
    expect(parseClusterInfo(text as string)).toEqual(expected)
  })

  it('reads the real CLUSTER INFO of a one-node redis-server 7.0.15 cluster', () => {
    expect(parseClusterInfo(fixtureText('cluster-info-redis-7.0.txt'))).toEqual({
      cluster_state: 'ok',
      cluster_slots_assigned: '16384',
      cluster_slots_ok: '16384',
      cluster_slots_pfail: '0',
      cluster_slots_fail: '0',
      cluster_known_nodes: '1',
      cluster_size: '1',
      cluster_current_epoch: '0',
      cluster_my_epoch: '0',
      cluster_stats_messages_sent: '0',
      cluster_stats_messages_received: '0',
      total_cluster_links_buffer_limit_exceeded: '0',
    })
  })
})
