import { describe, expect, it } from 'vitest'
import { parseClientList } from '../../../lib/parse/client-list'
import { fixtureText, GARBAGE } from './fixture'

const LIST = fixtureText('client-list-redis-7.0.txt')

describe('parseClientList', () => {
  it('reads every client of a real CLIENT LIST (Redis 7.0: replica, Sentinel, pub/sub, ours)', () => {
    const clients = parseClientList(LIST)
    expect(clients.map((c) => c.fields['id'])).toEqual(['3', '4', '5', '6', '7', '8'])
    expect(clients[0]).toMatchObject({ host: '127.0.0.1', port: '54676', age: 2, idle: 2 })
    expect(clients[0]?.fields).toMatchObject({ flags: 'S', cmd: 'psync', name: '', omem: '0' })
    expect(clients[2]?.fields).toMatchObject({ name: 'sentinel-1dabd893-pubsub', sub: '1' })
    expect(clients[5]?.fields).toMatchObject({ cmd: 'client|list', 'tot-mem': '37658' })
  })

  it.each<[string, unknown, readonly string[]]>([
    ...GARBAGE.map(([name, x]): [string, unknown, readonly string[]] => [name, x, []]),
    [
      'RESP3 verbatim text as bytes',
      new TextEncoder().encode(LIST),
      ['3', '4', '5', '6', '7', '8'],
    ],
    [
      // The IPv6 example of redis_exporter's own client list tests.
      'an IPv6 client keeps its colons in host',
      'id=40253233 addr=fd40:1481:21:dbe0:7021:300:a03:1a06:44426 fd=19 name= age=782 idle=0 flags=N db=0 cmd=client',
      ['40253233'],
    ],
    ['a line not starting id= addr=', 'addr=1.2.3.4:5 id=1 age=1 idle=1', []],
    ['age not a whole number', 'id=1 addr=1.2.3.4:5 age=x idle=1', []],
    ['idle missing', 'id=1 addr=1.2.3.4:5 age=1', []],
    ['an address without a port', 'id=1 addr=/tmp/redis.sock age=1 idle=1', []],
    ['a part without =', 'id=1 addr=1.2.3.4:5 age=1 idle=1 junk', []],
    [
      'CRLF lines and blank lines',
      'id=1 addr=h:1 age=0 idle=0\r\n\r\nid=2 addr=h:2 age=0 idle=0\r\n',
      ['1', '2'],
    ],
  ])('%s', (_name, reply, ids) => {
    expect(() => parseClientList(reply)).not.toThrow()
    expect(parseClientList(reply).map((c) => c.fields['id'])).toEqual(ids)
  })

  it('splits an IPv6 address at its last colon', () => {
    const [c] = parseClientList('id=1 addr=::1:6380 age=5 idle=3 name=a=b')
    expect(c).toMatchObject({ host: '::1', port: '6380', age: 5, idle: 3 })
    expect(c?.fields['name']).toBe('a=b')
  })

  it('reads at most `max` clients (MAX_CLIENTS by default)', () => {
    const many = Array.from({ length: 20 }, (_, i) => `id=${i} addr=h:${i} age=0 idle=0`).join('\n')
    expect(parseClientList(many, 5)).toHaveLength(5)
    expect(parseClientList(many)).toHaveLength(20)
  })
})
