import { describe, expect, it } from 'vitest'
import type { EnvRecord } from '../../../lib/config'
import { parseConfig } from '../../../lib/config'
import { isScrapeAllowed } from '../../../lib/http/allowlist'
import { parseScrapeTarget } from '../../../lib/target'
import { ON_DEMAND_INTERVAL_MS, createTopology } from '../../../lib/topology/topology'
import type { Reply } from '../../../lib/types'
import { FakeRedis } from '../../helpers/fake-redis'

const SEED = 'redis://:seed-pw@127.0.0.1:6379'

/** INFO of a master whose replication section lists `replicas` (`ip,port`), as REPLCONF sets them. */
function masterInfo(replicas: string[]): Reply {
  const slaves = replicas.map((r, i) => {
    const [ip, port] = r.split(',')
    return `slave${i}:ip=${ip},port=${port},state=online,offset=1,lag=0`
  })
  return {
    ok: true,
    value: ['# Server', 'redis_version:7.0.15', '# Replication', 'role:master', ...slaves, ''].join(
      '\r\n'
    ),
  }
}

function setup(env: EnvRecord, replicas: string[]) {
  const config = parseConfig({ REDIS_ADDR: SEED, REDIS_EXPORTER_SCRAPE_TIMEOUT: '2s', ...env })
  const transport = new FakeRedis({ INFO: masterInfo(replicas) })
  const logs: Record<string, unknown>[] = []
  const clock = { ms: 1_000_000 }
  const topology = createTopology({
    config,
    getTransport: () => transport,
    now: () => clock.ms,
    log: (e) => logs.push({ ...e }),
  })
  const allowed = (raw: string) =>
    isScrapeAllowed(
      parseScrapeTarget(raw),
      config.target,
      config.scrapeAllowedTargets,
      topology.allows
    )
  return { config, transport, logs, clock, topology, allowed }
}

const ATTACK = ['127.0.0.2,27402', '169.254.169.254,80']

describe('createTopology and the discovery scope', () => {
  it('keeps a REPLCONF-announced replica and the metadata address out: not listed, not allowed, no credentials, logged once and counted', async () => {
    const { config, transport, logs, clock, topology, allowed } = setup({}, ATTACK)
    const found = await topology.discover(config.target!, 1)
    expect(found.nodes.map((n) => n.target.id)).toEqual(['127.0.0.1:6379'])
    expect(topology.counts()).toEqual({ outOfScope: 2, truncated: 0 })

    expect(await allowed('redis://127.0.0.2:27402')).toBe(false)
    expect(await allowed('redis://169.254.169.254:80')).toBe(false)
    expect(topology.withSeedCredentials(parseScrapeTarget('redis://127.0.0.2:27402'))).toEqual(
      parseScrapeTarget('redis://127.0.0.2:27402')
    )
    // An out-of-scope target is refused without a new discovery, even after the interval.
    clock.ms += ON_DEMAND_INTERVAL_MS
    const rounds = transport.rounds.length
    expect(await topology.allows(parseScrapeTarget('redis://127.0.0.2:27402'))).toBe(false)
    expect(transport.rounds).toHaveLength(rounds)

    await topology.discover(config.target!, 1)
    expect(topology.counts()).toEqual({ outOfScope: 4, truncated: 0 })
    expect(logs).toEqual([
      {
        level: 'warn',
        msg: 'discovered node left out: outside the discovery scope (not listed, not scraped, sent no credentials)',
        seed: 'redis://127.0.0.1:6379',
        node: '127.0.0.2:27402',
        reason:
          '127.0.0.2:27402 is not REDIS_ADDR, not in REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS and not in REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS',
        setting: 'REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS',
      },
      {
        level: 'warn',
        msg: 'discovered node left out: outside the discovery scope (not listed, not scraped, sent no credentials)',
        seed: 'redis://127.0.0.1:6379',
        node: '169.254.169.254:80',
        reason: expect.stringMatching(/^169\.254\.169\.254 is a cloud metadata address/),
      },
    ])
    expect(JSON.stringify(logs)).not.toContain('seed-pw')
  })

  it('lets a replica in REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS be scraped with the seed credentials, never the metadata address', async () => {
    const { topology, allowed } = setup(
      { REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: '127.0.0.2/32,0.0.0.0/0' },
      ATTACK
    )
    expect(await allowed('redis://127.0.0.2:27402')).toBe(true) // on-demand discovery
    expect(
      topology.withSeedCredentials(parseScrapeTarget('redis://127.0.0.2:27402')).password
    ).toBe('seed-pw')
    expect(await allowed('redis://169.254.169.254:80')).toBe(false)
    expect(topology.counts()).toEqual({ outOfScope: 1, truncated: 0 })
  })

  it('writes at most 10 new node lines per discovery, sums up the rest, and logs each node once', async () => {
    const many = Array.from({ length: 25 }, (_, i) => `192.0.2.${i + 1},6379`)
    const { config, topology, logs } = setup({}, many)
    const lines = async () => {
      logs.length = 0
      await topology.discover(config.target!, 1)
      return logs.map((l) => String(l['node'] ?? l['msg']))
    }
    const first = await lines()
    expect(first).toHaveLength(11)
    expect(first.at(-1)).toBe('15 more discovered nodes left out: outside the discovery scope')
    const second = await lines()
    expect(second).toHaveLength(11)
    expect(second.at(-1)).toBe('5 more discovered nodes left out: outside the discovery scope')
    const third = await lines()
    expect(third).toHaveLength(5)
    expect(new Set([...first, ...second, ...third].filter((l) => !l.includes('more'))).size).toBe(
      25
    )
    expect(await lines()).toEqual([])
    expect(topology.counts().outOfScope).toBe(100)
  })

  it('counts a cut reply on every discovery and logs it once per seed', async () => {
    const lines = Array.from(
      { length: 100_000 },
      (_, i) =>
        `${String(i).padStart(40, '0')} 10.1.${(i >> 8) & 255}.${i & 255}:${7000 + (i >> 16)}@1 master - 0 0 1 connected`
    ).join('\n')
    const config = parseConfig({
      REDIS_ADDR: SEED,
      REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: '10.0.0.0/8',
    })
    const transport = new FakeRedis({
      INFO: { ok: true, value: 'redis_version:6.2.0\r\ncluster_enabled:1\r\n' },
      'CLUSTER NODES': { ok: true, value: lines },
    })
    const logs: Record<string, unknown>[] = []
    const topology = createTopology({
      config,
      getTransport: () => transport,
      log: (e) => logs.push({ ...e }),
    })
    const found = await topology.discover(config.target!, 5)
    expect(found.nodes).toHaveLength(1000)
    await topology.discover(config.target!, 5)
    expect(topology.counts()).toEqual({ outOfScope: 0, truncated: 2 * 99_000 })
    expect(logs).toEqual([
      {
        level: 'warn',
        msg: 'discovery cut at 1000 nodes; the rest of the reply was not read',
        seed: 'redis://127.0.0.1:6379',
        truncated_nodes: 99_000,
      },
    ])
  })
})
