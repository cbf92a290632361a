import { describe, expect, it } from 'vitest'
import { parseInfo } from '../../../lib/parse/info'
import { replicationNodes } from '../../../lib/topology/replication'

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
