import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../../lib/config'
import { TransportError } from '../../../lib/errors'
import { isScrapeAllowed } from '../../../lib/http/allowlist'
import { parseScrapeTarget, parseTarget } from '../../../lib/target'
import { discoverNodes, nodeAddress } from '../../../lib/topology/discover'
import { MAX_DISCOVERED_NODES } from '../../../lib/topology/node'
import { httpSdGroups } from '../../../lib/topology/http-sd'
import { discoveryScope } from '../../../lib/topology/scope'
import { ON_DEMAND_INTERVAL_MS, createTopology } from '../../../lib/topology/topology'
import type { RedisTransport, SendOptions } from '../../../lib/transport/transport'
import type { Command, Reply } from '../../../lib/types'

const M1 = 'a'.repeat(40)
const R1 = 'b'.repeat(40)
const CLUSTER_INFO =
  '# Server\r\nredis_version:7.0.15\r\nrun_id:x\r\n# Cluster\r\ncluster_enabled:1\r\n'
const NODES = [
  `${M1} 10.0.0.1:7000@17000,n1.example myself,master - 0 0 1 connected 0-16383`,
  `${R1} 10.0.0.2:7000@17000,n2.example slave ${M1} 0 0 1 connected`,
].join('\n')
const SHARDS = [
  [
    'nodes',
    [
      [
        'id',
        R1,
        'port',
        7000,
        'tls-port',
        7100,
        'ip',
        '10.0.0.2',
        'hostname',
        'n2.example',
        'role',
        'replica',
        'health',
        'online',
      ],
      [
        'id',
        M1,
        'port',
        7000,
        'tls-port',
        7100,
        'ip',
        '10.0.0.1',
        'hostname',
        'n1.example',
        'role',
        'master',
        'health',
        'online',
      ],
    ],
  ],
]

/** Answers whole commands from a table (anything else: unknown command) and records them. */
class Scripted implements RedisTransport {
  readonly sent: string[] = []
  constructor(readonly answers: Record<string, Reply>) {}
  async send(commands: readonly Command[], { signal }: SendOptions): Promise<Reply[]> {
    if (signal.aborted) throw new TransportError('aborted')
    return commands.map((c) => {
      const text = c.join(' ')
      this.sent.push(text)
      return this.answers[text] ?? { ok: false, error: `ERR unknown command '${c[0]}'` }
    })
  }
}

const ok = (value: unknown): Reply => ({ ok: true, value })
const signal = () => new AbortController().signal
/** The scope these fixtures live in: 10.0.0.0/8 and *.example. */
const SCOPE = discoveryScope(
  parseConfig({ REDIS_ADDR: '', REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: '10.0.0.0/8,*.example' })
)

describe('discoverNodes', () => {
  it('uses CLUSTER SHARDS on Redis 7: rediss seeds give rediss targets on the TLS port, with the seed credentials', async () => {
    const t = new Scripted({ INFO: ok(CLUSTER_INFO), 'CLUSTER SHARDS': ok(SHARDS) })
    const seed = { ...parseTarget('rediss://cfg.example:7000'), username: 'exp', password: 'pw-1' }
    const found = await discoverNodes(t, seed, { signal: signal(), scope: SCOPE })
    expect(t.sent).toEqual(['INFO', 'CLUSTER SHARDS'])
    expect(found.source).toBe('cluster_shards')
    expect(found.nodes.map((n) => [n.target.uri, n.target.tls, n.role, n.masterId])).toEqual([
      ['rediss://exp@10.0.0.1:7100', true, 'master', undefined],
      ['rediss://exp@10.0.0.2:7100', true, 'replica', M1],
    ])
    for (const n of found.nodes)
      expect([n.target.username, n.target.password]).toEqual(['exp', 'pw-1'])
    expect(httpSdGroups(found).map((g) => g.targets)).toEqual([
      ['rediss://10.0.0.1:7100'],
      ['rediss://10.0.0.2:7100'],
    ])
    expect(JSON.stringify(httpSdGroups(found))).not.toMatch(/pw-1|exp@/)
  })

  it('uses announced hostnames with the hostnames option', async () => {
    const t = new Scripted({ INFO: ok(CLUSTER_INFO), 'CLUSTER SHARDS': ok(SHARDS) })
    const found = await discoverNodes(t, parseTarget('redis://cfg:7000'), {
      signal: signal(),
      scope: SCOPE,
      hostnames: true,
    })
    expect(found.nodes.map((n) => n.target.id)).toEqual(['n1.example:7000', 'n2.example:7000'])
  })

  it('falls back to CLUSTER NODES when SHARDS is refused, remembers the refusal, and skips SHARDS before Redis 7', async () => {
    const t = new Scripted({
      INFO: ok(CLUSTER_INFO),
      'CLUSTER SHARDS': {
        ok: false,
        error: "NOPERM this user has no permissions to run the 'cluster|shards' command",
      },
      'CLUSTER NODES': ok(NODES),
    })
    const refused = new Set<string>()
    const first = await discoverNodes(t, parseTarget('redis://cfg:7000'), {
      signal: signal(),
      scope: SCOPE,
      refused,
    })
    await discoverNodes(t, parseTarget('redis://cfg:7000'), {
      signal: signal(),
      scope: SCOPE,
      refused,
    })
    expect(t.sent).toEqual(['INFO', 'CLUSTER SHARDS', 'CLUSTER NODES', 'INFO', 'CLUSTER NODES'])
    expect(first.source).toBe('cluster_nodes')
    expect(first.nodes.map((n) => [n.target.id, n.role, n.nodeId])).toEqual([
      ['10.0.0.1:7000', 'master', M1],
      ['10.0.0.2:7000', 'replica', R1],
    ])
    const six = new Scripted({
      INFO: ok(CLUSTER_INFO.replace('7.0.15', '6.2.14')),
      'CLUSTER NODES': ok(NODES),
    })
    await discoverNodes(six, parseTarget('redis://cfg:7000'), { signal: signal(), scope: SCOPE })
    expect(six.sent).toEqual(['INFO', 'CLUSTER NODES'])
  })

  it('falls back to INFO replication when CLUSTER is blocked or renamed away, and on a standalone server', async () => {
    const info =
      '# Server\r\nredis_version:7.0.15\r\n# Replication\r\nrole:master\r\nslave0:ip=10.0.0.9,port=6380,state=online,offset=1,lag=0\r\n# Cluster\r\ncluster_enabled:1\r\n'
    const blocked = new Scripted({ INFO: ok(info) })
    const found = await discoverNodes(blocked, parseTarget('redis://m.example:6379/2'), {
      signal: signal(),
      scope: SCOPE,
    })
    expect(found.source).toBe('info_replication')
    expect(found.nodes.map((n) => n.target.uri)).toEqual([
      'redis://m.example:6379/2',
      'redis://10.0.0.9:6380/2',
    ])
    const renamed = new Scripted({ i1: ok(info) })
    await discoverNodes(renamed, parseTarget('redis://m:6379'), {
      signal: signal(),
      scope: SCOPE,
      renamedCommands: { INFO: 'i1', CLUSTER: null },
    })
    expect(renamed.sent).toEqual(['i1'])
  })

  it.each<[string, Record<string, Reply>, RegExp]>([
    [
      'INFO fails',
      { INFO: { ok: false, error: 'NOAUTH Authentication required.' } },
      /^INFO failed on the seed: NOAUTH/,
    ],
    [
      'CLUSTER NODES fails otherwise',
      {
        INFO: ok(CLUSTER_INFO.replace('7.0.15', '6.0.0')),
        'CLUSTER NODES': { ok: false, error: 'LOADING' },
      },
      /^CLUSTER NODES failed on the seed: LOADING/,
    ],
  ])('rejects when %s', async (_w, answers, error) => {
    await expect(
      discoverNodes(new Scripted(answers), parseTarget('redis://h:1'), {
        signal: signal(),
        scope: SCOPE,
      })
    ).rejects.toThrow(error)
  })
})

describe('discoverNodes and the scope', () => {
  const replicas = (lines: string[]) =>
    ok(
      `# Server\r\nredis_version:7.0.15\r\n# Replication\r\nrole:master\r\n${lines
        .map((l, i) => `slave${i}:${l},state=online,offset=1,lag=0`)
        .join('\r\n')}\r\n`
    )

  it('keeps only in-scope nodes; the others are listed with the reason and carry no credential', async () => {
    const t = new Scripted({
      INFO: replicas([
        'ip=127.0.0.2,port=27402',
        'ip=169.254.169.254,port=80',
        'ip=::ffff:169.254.169.254,port=80',
        'ip=10.0.0.9,port=6380',
        'ip=attacker.io,port=6379',
      ]),
    })
    const seed = { ...parseTarget('redis://m.example:6379'), password: 'seed-pw' }
    const found = await discoverNodes(t, seed, { signal: signal(), scope: SCOPE })
    expect(found.nodes.map((n) => [n.target.id, n.target.password])).toEqual([
      ['m.example:6379', 'seed-pw'],
      ['10.0.0.9:6380', 'seed-pw'],
    ])
    // In the discovery's order (by address).
    expect(found.outOfScope.map((n) => [n.id, n.fixable])).toEqual([
      ['[::ffff:a9fe:a9fe]:80', false],
      ['127.0.0.2:27402', true],
      ['169.254.169.254:80', false],
      ['attacker.io:6379', true],
    ])
    expect(found.outOfScope[1]?.reason).toMatch(/REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS/)
    expect(JSON.stringify(found.outOfScope)).not.toContain('seed-pw')
    expect(found.truncated).toBe(0)
    expect(httpSdGroups(found).map((g) => g.targets[0])).toEqual([
      'redis://m.example:6379',
      'redis://10.0.0.9:6380',
    ])
  })

  it('keeps at most MAX_DISCOVERED_NODES nodes and counts the rest', async () => {
    const many = Array.from({ length: 1500 }, (_, i) => `ip=10.0.${i >> 8}.${i & 255},port=6380`)
    const fromInfo = await discoverNodes(
      new Scripted({ INFO: replicas(many) }),
      parseTarget('redis://m.example:6379'),
      { signal: signal(), scope: SCOPE }
    )
    expect(fromInfo.nodes).toHaveLength(MAX_DISCOVERED_NODES)
    expect(fromInfo.truncated).toBe(1501 - MAX_DISCOVERED_NODES)
    const lines = Array.from(
      { length: 100_000 },
      (_, i) =>
        `${String(i).padStart(40, '0')} 10.1.${(i >> 8) & 255}.${i & 255}:${7000 + (i >> 16)}@1 master - 0 0 1 connected`
    )
    const fromNodes = await discoverNodes(
      new Scripted({
        INFO: ok(CLUSTER_INFO.replace('7.0.15', '6.2.0')),
        'CLUSTER NODES': ok(lines.join('\n')),
      }),
      parseTarget('redis://cfg:7000'),
      { signal: signal(), scope: SCOPE }
    )
    expect(fromNodes.nodes).toHaveLength(MAX_DISCOVERED_NODES)
    expect(fromNodes.truncated).toBe(100_000 - MAX_DISCOVERED_NODES)
    expect(httpSdGroups(fromNodes)).toHaveLength(MAX_DISCOVERED_NODES)
  })
})

describe('createTopology', () => {
  const config = parseConfig({
    REDIS_ADDR: 'redis://:seed-pw@cfg:7000',
    REDIS_EXPORTER_SCRAPE_TIMEOUT: '2s',
    REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: '10.0.0.0/8',
  })

  it('allows discovered nodes, gives them the seed credentials, and rediscovers on a miss at most every 30 s', async () => {
    const clock = { ms: 1_000_000 }
    const t = new Scripted({ INFO: ok(CLUSTER_INFO), 'CLUSTER SHARDS': ok(SHARDS) })
    const topology = createTopology({ config, getTransport: () => t, now: () => clock.ms })
    const node = parseScrapeTarget('redis://10.0.0.2:7000')
    const allowed = (x = node) =>
      isScrapeAllowed(x, config.target, config.scrapeAllowedTargets, topology.allows)
    expect(await allowed()).toBe(true)
    expect(t.sent).toEqual(['INFO', 'CLUSTER SHARDS'])
    expect(topology.withSeedCredentials(node).password).toBe('seed-pw')
    expect(
      topology.withSeedCredentials(parseScrapeTarget('redis://other@10.0.0.2:7000')).password
    ).toBeUndefined()
    expect(await allowed(parseScrapeTarget('redis://10.9.9.9:7000'))).toBe(false)
    expect(await allowed(parseScrapeTarget('redis://10.9.9.9:7000'))).toBe(false)
    // Misses right after a discovery do not trigger another one.
    expect(t.sent).toHaveLength(2)
    clock.ms += ON_DEMAND_INTERVAL_MS
    expect(await allowed(parseScrapeTarget('redis://10.9.9.9:7000'))).toBe(false)
    expect(t.sent).toHaveLength(4)
    expect(await allowed(parseScrapeTarget('redis://cfg:7000'))).toBe(true)
  })

  it('allows nothing extra without REDIS_ADDR, and logs a failed on-demand discovery', async () => {
    const none = createTopology({
      config: parseConfig({ REDIS_ADDR: '' }),
      getTransport: () => new Scripted({}),
    })
    expect(await none.allows(parseTarget('redis://10.0.0.1:7000'))).toBe(false)
    const logs: Record<string, unknown>[] = []
    const failing = createTopology({
      config,
      getTransport: () => new Scripted({ INFO: { ok: false, error: 'LOADING' } }),
      log: (e) => logs.push({ ...e }),
    })
    expect(await failing.allows(parseTarget('redis://10.0.0.1:7000'))).toBe(false)
    expect(logs).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'discovery of REDIS_ADDR failed',
        target: 'redis://cfg:7000',
      }),
    ])
    expect(JSON.stringify(logs)).not.toContain('seed-pw')
  })

  it('rate-limits the log of a rediscovery that keeps failing: the first, one a minute, the recovery', async () => {
    const clock = { ms: 0 }
    const t = new Scripted({ INFO: { ok: false, error: 'LOADING' } })
    const logs: Record<string, unknown>[] = []
    const topology = createTopology({
      config,
      getTransport: () => t,
      now: () => clock.ms,
      log: (e) => logs.push({ ...e }),
    })
    const miss = parseTarget('redis://10.9.9.9:7000')
    // A miss every 30 s (each one rediscovers) for 2 minutes, then REDIS_ADDR answers again.
    for (let s = 0; s <= 120; s += 30) {
      clock.ms = s * 1000
      expect(await topology.allows(miss)).toBe(false)
    }
    t.answers['INFO'] = ok(CLUSTER_INFO)
    t.answers['CLUSTER SHARDS'] = ok(SHARDS)
    clock.ms = 150_000
    expect(await topology.allows(parseTarget('redis://10.0.0.2:7000'))).toBe(true)
    expect(logs.map((l) => [l['msg'], l['failures_since_last_log'] ?? l['failures']])).toEqual([
      ['discovery of REDIS_ADDR failed', undefined],
      ['discovery of REDIS_ADDR failed', 2],
      ['discovery of REDIS_ADDR failed', 2],
      ['discovery of REDIS_ADDR recovered', 5],
    ])
    expect(logs[3]).toMatchObject({ level: 'info', target: 'redis://cfg:7000', down_seconds: 150 })
  })

  it('shares one discovery between concurrent callers', async () => {
    const t = new Scripted({ INFO: ok(CLUSTER_INFO), 'CLUSTER SHARDS': ok(SHARDS) })
    const topology = createTopology({ config, getTransport: () => t })
    await Promise.all([topology.discover(config.target!, 1), topology.discover(config.target!, 1)])
    expect(t.sent).toEqual(['INFO', 'CLUSTER SHARDS'])
  })
})

describe('nodeAddress', () => {
  it.each([
    'redis://10.0.0.1:6379',
    'rediss://10.0.0.1:6380/3',
    'valkey://Cache.Example:7000',
    'valkeys://user@cache.example:6379/2',
    'redis://:secret@10.0.0.1',
    'redis://us%20er:pw@[fd00::a]:6379/1',
    '10.0.0.1:6379',
  ])('gives the seed %s as itself without its password, as parsing its address does', (url) => {
    const seed = parseTarget(url)
    const ip = seed.host.replace(/^\[(.*)\]$/, '$1')
    const node = (host: string) => ({
      ip: host,
      port: seed.port,
      role: 'master' as const,
      healthy: true,
    })
    const { password: _none, ...expected } = seed
    for (const hostnames of [false, true]) {
      expect(nodeAddress(seed, node(ip), hostnames)).toEqual(expected)
      // The same address in upper case is not the seed's text: parsed, it comes to the same.
      expect(nodeAddress(seed, node(ip.toUpperCase()), hostnames)).toEqual(expected)
    }
  })

  it('gives another port, host or TLS port as parsed, with the seed user', () => {
    const seed = parseTarget('rediss://user:pw@10.0.0.1:6380/2')
    const node = (ip: string, port: number, extra = {}) =>
      nodeAddress(seed, { ip, port, role: 'replica', healthy: true, ...extra }, true)
    const parsed = (url: string) => {
      const { password: _none, ...target } = parseTarget(url)
      return target
    }
    expect(node('10.0.0.1', 6381)).toEqual(parsed('rediss://user:@10.0.0.1:6381/2'))
    expect(node('10.0.0.2', 6380)).toEqual(parsed('rediss://user:@10.0.0.2:6380/2'))
    expect(node('10.0.0.1', 6379, { tlsPort: 6380 })).toEqual(
      parsed('rediss://user:@10.0.0.1:6380/2')
    )
    expect(node('10.0.0.9', 6380, { hostname: 'Node.Example' })).toEqual(
      parsed('rediss://user:@node.example:6380/2')
    )
    expect(node('10.0.0.1', 6381)).toHaveProperty('username', 'user')
  })
})
