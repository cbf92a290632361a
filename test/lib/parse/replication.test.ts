import { describe, expect, it } from 'vitest'
import { parseInfo } from '../../../lib/parse/info'
import { parseConnectedSlaves, parseMasterLinks } from '../../../lib/parse/replication'
import type { ConnectedSlave, MasterLink } from '../../../lib/parse/replication'
import { captures, fixtureText, GARBAGE } from './fixture'

describe('parseConnectedSlaves', () => {
  it.each<[string, unknown, ConnectedSlave[]]>([
    ...GARBAGE.map(([name, x]): [string, unknown, ConnectedSlave[]] => [name, x, []]),
    ['no slaves', { role: 'master', connected_slaves: '0' }, []],
    [
      'not slave<N>',
      { slave: 'ip=a,offset=1', slaves0: 'ip=a,offset=1', slave_read_only: '1' },
      [],
    ],
    ['an empty value', { slave0: '' }, []],
    ['a non-string value', { slave0: 1 }, []],
    ['offset missing (truncated)', { slave0: 'ip=127.0.0.1,port=6380,state=online,off' }, []],
    ['offset does not parse', { slave0: 'ip=127.0.0.1,offset=abc' }, []],
    [
      'lag that does not parse is left out',
      { slave0: 'ip=127.0.0.1,port=6380,state=online,offset=5,lag=x' },
      [{ ip: '127.0.0.1', port: '6380', state: 'online', offset: 5 }],
    ],
    [
      'no lag (Redis < 3.0), missing ip/port/state become empty',
      { slave0: 'offset=5' },
      [{ ip: '', port: '', state: '', offset: 5 }],
    ],
    [
      'IPv6, by key name, sorted by N',
      {
        slave10: 'lag=1,offset=9,state=wait_bgsave,port=6390,ip=::1',
        slave2: 'ip=10.0.0.2,port=6380,state=online,offset=1234,lag=0',
      },
      [
        { ip: '10.0.0.2', port: '6380', state: 'online', offset: 1234, lag: 0 },
        { ip: '::1', port: '6390', state: 'wait_bgsave', offset: 9, lag: 1 },
      ],
    ],
  ])('%s', (_name, info, expected) => {
    expect(() => parseConnectedSlaves(info as never)).not.toThrow()
    expect(parseConnectedSlaves(info as never)).toEqual(expected)
  })

  it('reads the real replica as seen by its master', () => {
    const info = parseInfo(fixtureText('info-redis-7.0-master-with-replica.txt'))
    expect(parseConnectedSlaves(info)).toEqual([
      { ip: '127.0.0.1', port: '26402', state: 'online', offset: 146, lag: 0 },
    ])
    expect(parseMasterLinks(info)).toEqual([])
  })

  it('reads the two replicas of the real Redis 7.4 master (only its slave<N> fields)', () => {
    const info = parseInfo(captures()['redis-7.4.0-master-replicated.txt']!)
    expect(parseConnectedSlaves(info)).toEqual([
      { ip: '192.168.150.63', port: '6379', state: 'online', offset: 127763393630, lag: 0 },
      { ip: '192.168.150.89', port: '6379', state: 'online', offset: 127763585576, lag: 0 },
    ])
  })

  it('finds no slaves on a master without replicas or on the replica', () => {
    expect(parseConnectedSlaves(parseInfo(fixtureText('info-redis-7.0.txt')))).toEqual([])
    expect(parseConnectedSlaves(parseInfo(fixtureText('info-redis-7.0-replica.txt')))).toEqual([])
  })
})

describe('parseMasterLinks', () => {
  it.each<[string, unknown, MasterLink[]]>([
    ...GARBAGE.map(([name, x]): [string, unknown, MasterLink[]] => [name, x, []]),
    ['a master', { role: 'master', master_repl_offset: '146' }, []],
    ['link fields without a host', { master_link_status: 'up', master_port: '6379' }, []],
    ['a non-string host', { master_host: 1 }, []],
    [
      'only a host (truncated section)',
      { master_host: '10.0.0.1' },
      [{ host: '10.0.0.1', port: '', linkUp: false }],
    ],
    [
      'link down, numbers that do not parse left out',
      {
        master_host: '10.0.0.1',
        master_port: '6379',
        master_link_status: 'down',
        master_last_io_seconds_ago: 'x',
        master_sync_in_progress: '1.5',
        slave_repl_offset: '',
      },
      [{ host: '10.0.0.1', port: '6379', linkUp: false }],
    ],
    [
      'IPv6 host, link up, -1 last io',
      {
        role: 'slave',
        master_host: '::1',
        master_port: '6379',
        master_link_status: 'up',
        master_last_io_seconds_ago: '-1',
        master_sync_in_progress: '0',
        slave_repl_offset: '1234',
      },
      [
        {
          host: '::1',
          port: '6379',
          linkUp: true,
          lastIoSecondsAgo: -1,
          syncInProgress: 0,
          slaveReplOffset: 1234,
        },
      ],
    ],
    [
      'KeyDB multi-master, sorted by N, a numbered link without host skipped',
      {
        role: 'active-replica',
        master_2_host: 'b',
        master_2_port: '2',
        master_2_link_status: 'down',
        master_1_host: 'a',
        master_1_port: '1',
        master_1_link_status: 'up',
        master_1_last_io_seconds_ago: '3',
        master_1_sync_in_progress: '0',
        master_3_link_status: 'up',
      },
      [
        { host: 'a', port: '1', linkUp: true, lastIoSecondsAgo: 3, syncInProgress: 0 },
        { host: 'b', port: '2', linkUp: false },
      ],
    ],
  ])('%s', (_name, info, expected) => {
    expect(() => parseMasterLinks(info as never)).not.toThrow()
    expect(parseMasterLinks(info as never)).toEqual(expected)
  })

  it('reads the real redis-server 7.0.15 replica', () => {
    expect(parseMasterLinks(parseInfo(fixtureText('info-redis-7.0-replica.txt')))).toEqual([
      {
        host: '127.0.0.1',
        port: '26401',
        linkUp: true,
        lastIoSecondsAgo: 1,
        syncInProgress: 0,
        slaveReplOffset: 146,
      },
    ])
  })

  it('returns [] on the real master', () => {
    expect(parseMasterLinks(parseInfo(fixtureText('info-redis-7.0.txt')))).toEqual([])
  })
})
