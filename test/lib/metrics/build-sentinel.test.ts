import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { StepKey } from '../../../lib/collect/plan'
import { parseInfo } from '../../../lib/parse/info'
import { NO_OPT_INS } from '../../../lib/settings/collector-settings'
import type { Reply } from '../../../lib/types'
import { labelNames, sampleValue } from '../../helpers/prom-text'
import { fixtureReply, fixtureText, GOLDEN_DIR, parsed, render, upSnapshot } from './build-fixtures'

const INFO = parseInfo(fixtureText('info-sentinel-redis-7.0.txt'))
const MASTER = { master_name: 'mymaster', master_address: '127.0.0.1:26411' }

function sentinelReplies(resp: 2 | 3): [StepKey, Reply[]][] {
  const r = (name: string) => fixtureReply(`${name}-redis-7.0-resp${resp}.json`)
  return [
    ['sentinel_masters', [r('sentinel-masters')]],
    ['sentinel_ckquorum', [r('sentinel-ckquorum')]],
    ['sentinel_peers', [r('sentinel-sentinels'), r('sentinel-slaves')]],
    ['sentinel_config', [r('sentinel-config-get')]],
  ]
}

const ALL_ON = { ...NO_OPT_INS, includeSentinelPeerInfo: true, includeConfigMetrics: true }

describe.each([2, 3] as const)('Sentinel families from real RESP%i replies', (resp) => {
  const families = parsed(upSnapshot({ info: INFO, replies: sentinelReplies(resp) }), {
    optIns: ALL_ON,
  })

  it.each<[string, Record<string, string>, number]>([
    ['redis_sentinel_masters', {}, 1],
    ['redis_sentinel_tilt', {}, 0],
    ['redis_sentinel_master_status', { ...MASTER, master_status: 'ok' }, 1],
    ['redis_sentinel_master_slaves', MASTER, 1],
    ['redis_sentinel_master_sentinels', MASTER, 2],
    ['redis_sentinel_master_ok_slaves', MASTER, 1],
    // Itself plus its one healthy peer.
    ['redis_sentinel_master_ok_sentinels', MASTER, 2],
    ['redis_sentinel_master_setting_ckquorum', MASTER, 1],
    ['redis_sentinel_master_setting_failover_timeout', MASTER, 180000],
    ['redis_sentinel_master_setting_parallel_syncs', MASTER, 1],
    ['redis_sentinel_master_setting_down_after_milliseconds', MASTER, 5000],
    ['redis_sentinel_master_config_epoch', MASTER, 0],
    ['redis_sentinel_master_ckquorum_status', { master_name: 'mymaster' }, 1],
    ['redis_sentinel_peer_info', { ...MASTER, port: '26414', flags: 'sentinel' }, 1],
    ['redis_sentinel_config_key_value', { key: 'resolve-hostnames', value: 'no' }, 1],
    ['redis_sentinel_config_value', { key: 'announce-port' }, 0],
  ])('%s%j = %d', (name, labels, value) => {
    expect(sampleValue(families, name, labels)).toBe(value)
  })

  it('has the last good ping age in seconds', () => {
    const seconds = sampleValue(
      families,
      'redis_sentinel_master_last_ok_ping_reply_seconds',
      MASTER
    )
    expect(seconds).toBeGreaterThan(0)
    expect(seconds).toBeLessThan(2)
  })

  it('labels the quorum with its message', () => {
    const [s] = families.get('redis_sentinel_master_ckquorum_status')?.samples ?? []
    expect(s?.labels['message']).toBe(
      'OK 2 usable Sentinels. Quorum and failover authorization can be reached'
    )
  })
})

describe('Sentinel families in degraded cases', () => {
  it('reports a master without quorum with 0 and the error text', () => {
    const replies: [StepKey, Reply[]][] = [
      ['sentinel_masters', [fixtureReply('sentinel-masters-redis-7.0-resp2.json')]],
      ['sentinel_ckquorum', [{ ok: false, error: 'NOQUORUM 1 usable Sentinels. Not enough…' }]],
      [
        'sentinel_peers',
        [
          { ok: false, error: 'ERR timeout' },
          { ok: true, value: [] },
        ],
      ],
    ]
    const families = parsed(upSnapshot({ info: INFO, replies }))
    expect(sampleValue(families, 'redis_sentinel_master_ckquorum_status')).toBe(0)
    expect(
      families.get('redis_sentinel_master_ckquorum_status')?.samples[0]?.labels['message']
    ).toMatch(/^NOQUORUM/)
    // As redis_exporter: a failed SENTINELS reply counts as an empty list (this Sentinel only).
    expect(sampleValue(families, 'redis_sentinel_master_ok_sentinels')).toBe(1)
    expect(sampleValue(families, 'redis_sentinel_master_ok_slaves')).toBe(0)
    expect(families.has('redis_sentinel_peer_info')).toBe(false)
  })

  it('counts only peers and replicas whose flags are not down', () => {
    const replies: [StepKey, Reply[]][] = [
      ['sentinel_masters', [fixtureReply('sentinel-masters-redis-7.0-resp2.json')]],
      [
        'sentinel_peers',
        [
          {
            ok: true,
            value: [
              ['flags', 'sentinel'],
              ['flags', 's_down,sentinel'],
              ['name', 'x'],
            ],
          },
          {
            ok: true,
            value: [
              ['flags', 'slave'],
              ['flags', 'o_down,slave'],
              ['flags', 'slave'],
            ],
          },
        ],
      ],
    ]
    const families = parsed(upSnapshot({ info: INFO, replies }))
    expect(sampleValue(families, 'redis_sentinel_master_ok_sentinels')).toBe(2)
    expect(sampleValue(families, 'redis_sentinel_master_ok_slaves')).toBe(2)
  })

  it('emits no SENTINEL MASTERS families when it failed, only the INFO ones', () => {
    const replies: [StepKey, Reply[]][] = [['sentinel_masters', [{ ok: false, error: 'ERR x' }]]]
    const families = parsed(upSnapshot({ info: INFO, replies }))
    expect(families.has('redis_sentinel_master_setting_ckquorum')).toBe(false)
    expect(sampleValue(families, 'redis_sentinel_masters')).toBe(1)
    expect(labelNames(families.get('redis_sentinel_master_status')!)).toEqual([
      'master_address',
      'master_name',
      'master_status',
    ])
  })
})

describe('Sentinel golden file', () => {
  it('matches test/golden/redis-7.0-sentinel.prom', () => {
    const text = render(upSnapshot({ info: INFO, replies: sentinelReplies(2) }), { optIns: ALL_ON })
    const url = new URL('redis-7.0-sentinel.prom', GOLDEN_DIR)
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(url, text)
    expect(existsSync(url), 'run UPDATE_GOLDEN=1 npx vitest run this file').toBe(true)
    expect(text).toBe(readFileSync(url, 'utf8'))
  })
})
