import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { TransportError } from '../../../lib/errors'
import { parseTarget } from '../../../lib/target'
import { discoverNodes } from '../../../lib/topology/discover'
import { discoveryScope } from '../../../lib/topology/scope'
import { sentinelNodes } from '../../../lib/topology/sentinel'
import { parseConfig } from '../../../lib/config'
import { FakeRedis } from '../../helpers/fake-redis'

const json = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/parse/${name}`, import.meta.url), 'utf8'))
const SENTINEL_INFO = readFileSync(
  new URL('../../fixtures/parse/info-sentinel-redis-7.0.txt', import.meta.url),
  'utf8'
)
const signal = new AbortController().signal

function sentinel(resp: 2 | 3): FakeRedis {
  const redis = new FakeRedis()
  redis.info = SENTINEL_INFO
  redis.answers.set('SENTINEL MASTERS', json(`sentinel-masters-redis-7.0-resp${resp}.json`))
  redis.answers.set('SENTINEL SLAVES mymaster', json(`sentinel-slaves-redis-7.0-resp${resp}.json`))
  return redis
}

describe.each([2, 3] as const)('sentinelNodes on real RESP%i replies', (resp) => {
  it('lists the master and its replica, in two round trips', async () => {
    const redis = sentinel(resp)
    const { nodes, dropped } = await sentinelNodes(redis, 'SENTINEL', signal)
    expect(nodes).toEqual([
      { ip: '127.0.0.1', port: 26411, role: 'master', healthy: true },
      { ip: '127.0.0.1', port: 26412, role: 'replica', healthy: true },
    ])
    expect(dropped).toBe(0)
    expect(redis.rounds).toEqual([['SENTINEL MASTERS'], ['SENTINEL SLAVES mymaster']])
  })
})

describe('sentinelNodes', () => {
  it('marks a node flagged s_down or o_down unhealthy, skips bad addresses and failed SLAVES', async () => {
    const redis = new FakeRedis()
    redis.answers.set('SENTINEL MASTERS', [
      ['name', 'a', 'ip', '10.0.0.1', 'port', '6379', 'flags', 'master,o_down'],
      ['name', 'b', 'ip', '10.0.0.2', 'port', '6379', 'flags', 'master'],
    ])
    redis.answers.set('SENTINEL SLAVES a', [
      ['ip', '10.0.0.3', 'port', '6380', 'flags', 'slave,s_down'],
      ['ip', '10.0.0.4', 'port', '99999', 'flags', 'slave'],
      ['ip', '', 'port', '6380', 'flags', 'slave'],
    ])
    redis.errors.set('SENTINEL SLAVES b', 'ERR boom')
    const { nodes } = await sentinelNodes(redis, 'SENTINEL', signal)
    expect(nodes.map((n) => [n.ip, n.port, n.role, n.healthy])).toEqual([
      ['10.0.0.1', 6379, 'master', false],
      ['10.0.0.2', 6379, 'master', true],
      ['10.0.0.3', 6380, 'replica', false],
    ])
  })

  it('rejects naming the command when SENTINEL MASTERS fails', async () => {
    const redis = new FakeRedis()
    redis.errors.set('SENTINEL MASTERS', 'NOPERM')
    await expect(sentinelNodes(redis, 'SENTINEL', signal)).rejects.toThrow(TransportError)
    await expect(sentinelNodes(redis, 'SENTINEL', signal)).rejects.toThrow(/SENTINEL MASTERS/)
  })

  it('asks nothing more when the Sentinel monitors no master', async () => {
    const redis = new FakeRedis()
    redis.answers.set('SENTINEL MASTERS', [])
    expect(await sentinelNodes(redis, 'SENTINEL', signal)).toEqual({ nodes: [], dropped: 0 })
    expect(redis.rounds).toHaveLength(1)
  })
})

describe('discoverNodes from a Sentinel seed', () => {
  const seed = parseTarget('redis://127.0.0.1:26413')

  it('keeps only the nodes in the discovery scope', async () => {
    const narrow = discoveryScope(parseConfig({ REDIS_ADDR: seed.uri }))
    const none = await discoverNodes(sentinel(2), seed, { signal, scope: narrow })
    expect(none.source).toBe('sentinel')
    expect(none.nodes).toEqual([])
    expect(none.outOfScope.map((n) => n.id)).toEqual(['127.0.0.1:26411', '127.0.0.1:26412'])

    const wide = discoveryScope(
      parseConfig({
        REDIS_ADDR: seed.uri,
        REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: '127.0.0.0/8',
      })
    )
    const found = await discoverNodes(sentinel(3), seed, { signal, scope: wide })
    expect(found.nodes.map((n) => [n.target.id, n.role])).toEqual([
      ['127.0.0.1:26411', 'master'],
      ['127.0.0.1:26412', 'replica'],
    ])
  })
})
