import { describe, expect, it } from 'vitest'
import { parseInfo } from '../../../lib/parse/info'
import {
  isDown,
  parseSentinelEntries,
  parseSentinelInfoMasters,
  parseSentinelMasters,
} from '../../../lib/parse/sentinel'
import { fixtureJson, fixtureText, GARBAGE } from './fixture'

const RESPS = [2, 3] as const
const reply = (name: string, resp: 2 | 3) => fixtureJson(`${name}-redis-7.0-resp${resp}.json`)

describe('parseSentinelInfoMasters', () => {
  it('reads the masterN line of a real Sentinel INFO', () => {
    const info = parseInfo(fixtureText('info-sentinel-redis-7.0.txt'))
    expect(parseSentinelInfoMasters(info)).toEqual([
      { name: 'mymaster', status: 'ok', address: '127.0.0.1:26411', slaves: 1, sentinels: 2 },
    ])
  })

  it.each<[string, Record<string, string>, number]>([
    ['no master lines', { sentinel_masters: '0' }, 0],
    [
      'a non-numeric slaves count is skipped',
      { master0: 'name=a,status=ok,address=h:1,slaves=x,sentinels=1' },
      0,
    ],
    [
      'a part without = is ignored',
      { master0: 'name=a,junk,status=sdown,address=h:1,slaves=0,sentinels=1' },
      1,
    ],
    ['masterX is not a master line', { masterX: 'name=a,slaves=1,sentinels=1' }, 0],
  ])('%s', (_name, info, count) => {
    expect(parseSentinelInfoMasters(info)).toHaveLength(count)
  })

  it('reads at most MAX_SENTINEL_MASTERS masters', () => {
    const info: Record<string, string> = {}
    for (let i = 0; i < 150; i++)
      info[`master${i}`] = `name=m${i},status=ok,address=h:${i},slaves=0,sentinels=1`
    expect(parseSentinelInfoMasters(info)).toHaveLength(100)
  })
})

describe.each(RESPS)('Sentinel replies over RESP%i', (resp) => {
  it('SENTINEL MASTERS: name, ip:port and every field', () => {
    const [m, ...rest] = parseSentinelMasters(reply('sentinel-masters', resp))
    expect(rest).toEqual([])
    expect(m?.name).toBe('mymaster')
    expect(m?.address).toBe('127.0.0.1:26411')
    expect(m?.fields).toMatchObject({
      quorum: '1',
      'failover-timeout': '180000',
      'config-epoch': '0',
    })
  })

  it('SENTINEL SENTINELS and SLAVES: one entry each, with their flags', () => {
    const [peer] = parseSentinelEntries(reply('sentinel-sentinels', resp))
    expect(peer).toMatchObject({ ip: '127.0.0.1', port: '26414', flags: 'sentinel' })
    const [replica] = parseSentinelEntries(reply('sentinel-slaves', resp))
    expect(replica).toMatchObject({ flags: 'slave', 'master-port': '26411' })
  })
})

describe('parseSentinelMasters and parseSentinelEntries', () => {
  it.each(GARBAGE)('%s gives nothing', (_name, x) => {
    expect(parseSentinelMasters(x)).toEqual([])
    expect(() => parseSentinelEntries(x)).not.toThrow()
  })

  it('skips a master without a name, ip or port', () => {
    expect(parseSentinelMasters([['name', 'a', 'ip', 'h'], new Map([['ip', 'h']])])).toEqual([])
  })

  it('reads at most `max` entries', () => {
    expect(
      parseSentinelEntries(
        Array.from({ length: 10 }, () => ['flags', 'slave']),
        3
      )
    ).toHaveLength(3)
  })
})

describe('isDown', () => {
  it.each([
    ['slave', false],
    ['sentinel', false],
    ['slave,s_down', true],
    ['master,o_down', true],
    ['s_down,disconnected', true],
  ])('%s: %s', (flags, down) => {
    expect(isDown(flags)).toBe(down)
  })
})
