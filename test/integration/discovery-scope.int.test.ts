import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EnvRecord } from '../../lib/config'
import { parseConfig } from '../../lib/config'
import { expandTargets, newDiscoveryState } from '../../lib/push/expand-targets'
import { parsePushTargets } from '../../lib/push/push-targets'
import { newPushState, runPush } from '../../lib/push/run-push'
import type { PushSink, PushTarget } from '../../lib/push/types'
import type { Target } from '../../lib/target'
import { IoredisTransport, ioredisOptions } from '../../lib/transport/ioredis'
import { TransportPool } from '../../lib/transport/pool'
import type { FakeCommand, FakeReply, FakeRespServer } from '../helpers/fake-resp-server'
import { redisLikeHandler, startFakeRespServer } from '../helpers/fake-resp-server'
import { sampleValue } from '../helpers/prom-text'
import { parsePromText } from '../helpers/prom-text'
import type { RedisServer } from '../helpers/redis-server'
import { startRedis } from '../helpers/redis-server'
import { RespConnection } from '../helpers/resp-client'
import { realApp } from '../helpers/real-app'

const PASSWORD = 'scope-seed-pw-7c1e'
const OUT_OF_SCOPE = 'redis_exporter_discovery_out_of_scope_nodes_total'
const TRUNCATED = 'redis_exporter_discovery_truncated_nodes_total'

type Group = { targets: string[]; labels: Record<string, string> }

/** A Redis stand-in on `host` that records every byte and command it receives. */
function trapOn(host: string): Promise<FakeRespServer> {
  return startFakeRespServer({
    host,
    handler: redisLikeHandler({ info: '# Server\r\nredis_version:7.0.15\r\nrole:master\r\n' }),
  })
}

const sentAuth = (server: FakeRespServer): FakeCommand[] =>
  server.commands.filter((c) => c[0] === 'AUTH')

async function counters(app: ReturnType<typeof realApp>) {
  const families = parsePromText(await app.get('/metrics'))
  return {
    outOfScope: sampleValue(families, OUT_OF_SCOPE),
    truncated: sampleValue(families, TRUNCATED),
  }
}

async function discover(
  app: ReturnType<typeof realApp>
): Promise<{ groups: Group[]; bytes: number }> {
  const res = await app.app.request('/discover-cluster-nodes')
  const text = await res.text()
  expect(res.status, text).toBe(200)
  return { groups: JSON.parse(text) as Group[], bytes: text.length }
}

describe('a replica announced with REPLCONF by any client of a password-protected redis-server', () => {
  let seed: RedisServer
  let trap: FakeRespServer
  const attackers: RespConnection[] = []
  const apps: ReturnType<typeof realApp>[] = []

  /** What any client can do: announce itself as a replica at `ip:port` and stay connected. */
  const announce = async (ip: string, port: number) => {
    const c = await RespConnection.open({ port: seed.port, password: PASSWORD, timeoutMs: 600_000 })
    attackers.push(c)
    await c.call('REPLCONF', 'listening-port', port)
    await c.call('REPLCONF', 'ip-address', ip)
    // The full sync waits for repl-diskless-sync-delay: the "replica" stays listed meanwhile.
    void c.call('PSYNC', '?', '-1').catch(() => undefined)
  }

  const app = (env: EnvRecord) => {
    const made = realApp({
      REDIS_ADDR: seed.url,
      REDIS_PASSWORD: PASSWORD,
      REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: `127.0.0.1:${seed.port}`,
      REDIS_EXPORTER_SCRAPE_TIMEOUT: '3s',
      ...env,
    })
    apps.push(made)
    return made
  }

  beforeAll(async () => {
    seed = await startRedis({
      password: PASSWORD,
      args: ['--repl-diskless-sync', 'yes', '--repl-diskless-sync-delay', '600'],
    })
    trap = await trapOn('127.0.0.2')
    await announce('127.0.0.2', trap.port)
    await announce('169.254.169.254', 80)
    for (let i = 0; i < 100; i++) {
      const info = String(await seed.command('INFO', 'replication'))
      if (info.includes(`ip=127.0.0.2,port=${trap.port}`) && info.includes('ip=169.254.169.254')) {
        return
      }
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error('the seed never listed the announced replicas')
  })
  afterAll(async () => {
    for (const a of apps) await a.close()
    for (const c of attackers) c.close()
    await trap?.stop()
    await seed?.stop()
  })

  it('the seed really lists both fake replicas in INFO replication', async () => {
    const info = String(await seed.command('INFO', 'replication'))
    expect(info).toMatch(new RegExp(`slave\\d:ip=127\\.0\\.0\\.2,port=${trap.port},`))
    expect(info).toMatch(/slave\d:ip=169\.254\.169\.254,port=80,/)
  })

  it('by default: not listed, /scrape 403, no connection, no byte, no AUTH; counted', async () => {
    const exporter = app({})
    const { groups } = await discover(exporter)
    expect(groups.map((g) => g.targets[0])).toEqual([seed.url])
    for (const target of [`redis://127.0.0.2:${trap.port}`, 'redis://169.254.169.254:80']) {
      const res = await exporter.app.request(`/scrape?target=${encodeURIComponent(target)}`)
      expect(res.status, target).toBe(403)
    }
    expect(trap.accepted()).toBe(0)
    expect(trap.bytesReceived()).toBe(0)
    expect(exporter.targets.map((t) => t.id)).toEqual([`127.0.0.1:${seed.port}`])
    expect(await counters(exporter)).toEqual({ outOfScope: 2, truncated: 0 })
    expect(exporter.logs.filter((l) => l['node']).map((l) => [l['node'], l['setting']])).toEqual([
      [`127.0.0.2:${trap.port}`, 'REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS'],
      ['169.254.169.254:80', undefined],
    ])
    expect(JSON.stringify(exporter.logs)).not.toContain(PASSWORD)
  })

  it('with REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS=127.0.0.2/32 the replica is listed and scraped with the seed password (positive control)', async () => {
    const exporter = app({ REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: '127.0.0.2/32' })
    const { groups } = await discover(exporter)
    expect(groups.map((g) => g.targets[0])).toEqual([seed.url, `redis://127.0.0.2:${trap.port}`])
    const res = await exporter.app.request(`/scrape?target=redis://127.0.0.2:${trap.port}`)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('\nredis_up 1\n')
    expect(trap.bytesReceived()).toBeGreaterThan(0)
    expect(sentAuth(trap)).toEqual([['AUTH', PASSWORD]])
    expect(await counters(exporter)).toEqual({ outOfScope: 1, truncated: 0 })
  })

  it('never lists or scrapes the announced 169.254.169.254, even with 0.0.0.0/0 and *', async () => {
    const exporter = app({
      REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: '0.0.0.0/0,::/0',
      REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: '*',
    })
    const { groups } = await discover(exporter)
    expect(groups.map((g) => g.targets[0])).toEqual([seed.url, `redis://127.0.0.2:${trap.port}`])
    for (const target of ['169.254.169.254:80', '[::ffff:169.254.169.254]:80', '2852039166:80']) {
      const res = await exporter.app.request(`/scrape?target=${encodeURIComponent(target)}`)
      expect(res.status, target).toBe(403)
    }
    expect(exporter.targets.map((t) => t.host)).not.toContain('169.254.169.254')
    expect(await counters(exporter)).toEqual({ outOfScope: 1, truncated: 0 })
  })
})

/** A Redis Cluster node announcing `nodes` (ip, port): in CLUSTER SHARDS on 7.0, CLUSTER NODES on 6.2. */
function fakeClusterNode(
  version: '7.0.15' | '6.2.14',
  nodes: () => readonly (readonly [string, number])[]
): Promise<FakeRespServer> {
  let shards: FakeReply | undefined
  let text: string | undefined
  return startFakeRespServer({
    handler: redisLikeHandler({
      info: `# Server\r\nredis_version:${version}\r\nrole:master\r\n# Cluster\r\ncluster_enabled:1\r\n`,
      extra: (command) => {
        if (command[0] !== 'CLUSTER') return undefined
        const sub = command[1]?.toUpperCase()
        if (sub === 'SHARDS' && version === '7.0.15') {
          // One shard; each node only what the parser needs (a 100,000-node reply stays ~5 MB).
          shards ??= [
            [
              'nodes',
              nodes().map(([ip, port], i) => [
                'ip',
                ip,
                'port',
                port,
                'role',
                i === 0 ? 'master' : 'replica',
              ]),
            ],
          ]
          return shards
        }
        if (sub === 'NODES') {
          text ??= nodes()
            .map(
              ([ip, port], i) =>
                `${String(i).padStart(40, '0')} ${ip.includes(':') ? `[${ip}]` : ip}:${port}@1 master - 0 0 1 connected`
            )
            .join('\n')
          return text
        }
        return undefined
      },
    }),
  })
}

describe.each(['7.0.15', '6.2.14'] as const)('a fake cluster node (Redis %s)', (version) => {
  let seed: FakeRespServer
  let trap: FakeRespServer
  let exporter: ReturnType<typeof realApp>
  const many = Array.from(
    { length: 100_000 },
    (_, i) => [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 6379] as const
  )

  beforeAll(async () => {
    trap = await trapOn('127.0.0.2')
    seed = await fakeClusterNode(version, () => [
      ['127.0.0.1', seed.port],
      ['127.0.0.2', trap.port],
      ['169.254.169.254', 80],
      ['::ffff:169.254.169.254', 80],
      ...many,
    ])
    exporter = realApp({
      REDIS_ADDR: seed.url,
      REDIS_PASSWORD: PASSWORD,
      REDIS_EXPORTER_SCRAPE_TIMEOUT: '5s',
      REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: '10.0.0.0/8',
    })
  })
  afterAll(async () => {
    await exporter?.close()
    await seed?.stop()
    await trap?.stop()
  })

  it('lists no out-of-scope node, answers at most 1,000 groups for 100,004 announced nodes, and counts both', async () => {
    const { groups, bytes } = await discover(exporter)
    expect(groups).toHaveLength(997) // 1,000 read, 3 of them out of scope
    const listed = groups.map((g) => g.targets[0])
    expect(listed.filter((t) => !/^redis:\/\/10\./.test(t!))).toEqual([
      `redis://127.0.0.1:${seed.port}`,
    ])
    expect(bytes).toBeLessThan(400_000)
    expect(await counters(exporter)).toEqual({ outOfScope: 3, truncated: 100_004 - 1000 })
    await discover(exporter)
    expect(await counters(exporter)).toEqual({ outOfScope: 6, truncated: 2 * (100_004 - 1000) })
    const res = await exporter.app.request(`/scrape?target=redis://127.0.0.2:${trap.port}`)
    expect(res.status).toBe(403)
    expect(trap.accepted()).toBe(0)
    expect(exporter.targets.map((t) => t.id)).toEqual([`127.0.0.1:${seed.port}`])
  })
})

describe('the push fan-out over a fake cluster node', () => {
  let seed: FakeRespServer
  let trap: FakeRespServer
  let member: FakeRespServer

  beforeAll(async () => {
    trap = await trapOn('127.0.0.2')
    member = await trapOn('127.0.0.3')
    seed = await fakeClusterNode('7.0.15', () => [
      ['127.0.0.1', seed.port],
      ['127.0.0.3', member.port],
      ['127.0.0.2', trap.port],
      ['169.254.169.254', 80],
    ])
  })
  afterAll(async () => {
    await seed?.stop()
    await trap?.stop()
    await member?.stop()
  })

  /** expandTargets then runPush, wired with real ioredis transports, as the Lambda push does. */
  async function push(networks: string) {
    const config = parseConfig({
      REDIS_ADDR: '',
      REDIS_EXPORTER_SCRAPE_TIMEOUT: '3s',
      REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: networks,
    })
    const connected: Target[] = []
    const pool = new TransportPool((t: Target) => {
      connected.push(t)
      return new IoredisTransport(() => new Redis(ioredisOptions(t, config)), [PASSWORD])
    })
    const getTransport = (t: Target) => pool.get(t)
    const prepare = async <T extends PushTarget>(t: T): Promise<PushTarget> => ({
      ...t,
      target: { ...t.target, password: PASSWORD },
    })
    const logs: Record<string, unknown>[] = []
    const log = (e: Readonly<Record<string, unknown>>) => logs.push({ ...e })
    const deadlineMs = Date.now() + 20_000
    const sink: PushSink = {
      name: 'memory',
      send: async (results) => ({ sink: 'memory', ok: true, sent: results.length, errors: [] }),
    }
    try {
      const targets = await expandTargets({
        targets: parsePushTargets(seed.url, config, {}),
        mode: 'cluster',
        prepare,
        getTransport,
        config,
        state: newDiscoveryState(),
        deadlineMs,
        log,
      })
      const result = await runPush({
        targets,
        prepare,
        getTransport,
        config,
        sinks: [sink],
        state: newPushState(),
        deadlineMs,
        log,
      })
      return { result, connected, logs }
    } finally {
      await pool.closeAll()
    }
  }

  it('never connects to an out-of-scope node nor sends it a credential, and logs the counts', async () => {
    const { result, connected, logs } = await push('127.0.0.3/32')
    expect(result.targets.map((t) => [t.id, t.up])).toEqual([
      [`127.0.0.1:${seed.port}`, true],
      [`127.0.0.3:${member.port}`, true],
    ])
    expect(connected.map((t) => t.host).sort()).toEqual(['127.0.0.1', '127.0.0.3'])
    expect(trap.accepted()).toBe(0)
    expect(trap.bytesReceived()).toBe(0)
    expect(sentAuth(member)).toEqual([['AUTH', PASSWORD]])
    expect(logs).toContainEqual(
      expect.objectContaining({
        msg: 'node discovery left nodes out of this push',
        out_of_scope_nodes: 2,
        truncated_nodes: 0,
      })
    )
  })

  it('pushes (and sends the password to) the same node once it is in scope (positive control)', async () => {
    const { result } = await push('127.0.0.2/32,127.0.0.3/32')
    expect(result.targets.map((t) => t.id)).toContain(`127.0.0.2:${trap.port}`)
    expect(sentAuth(trap)).toEqual([['AUTH', PASSWORD]])
  })
})
