import { describe, expect, it } from 'vitest'
import type { Config } from '../../../lib/config'
import { parseConfig } from '../../../lib/config'
import type { DiscoverMode, DiscoveryState } from '../../../lib/push/expand-targets'
import {
  DISCOVERY_TTL_MS,
  expandTargets,
  newDiscoveryState,
} from '../../../lib/push/expand-targets'
import { parsePushConfig } from '../../../lib/push/push-config'
import type { PushTargetSpec } from '../../../lib/push/push-targets'
import { parsePushTargets } from '../../../lib/push/push-targets'
import type { Target } from '../../../lib/target'
import { FakeRedis } from '../../helpers/fake-redis'

const config = parseConfig({
  REDIS_ADDR: '',
  REDIS_EXPORTER_SCRAPE_TIMEOUT: '5s',
  REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: '10.0.0.0/8',
})
const SECRET = 'seed-secret-77'

const info = (lines: string[]) => ({ ok: true as const, value: `${lines.join('\r\n')}\r\n` })
const clusterNodes = (ports: number[]) => ({
  ok: true as const,
  value: ports
    .map(
      (p, i) =>
        `id${p} 10.0.0.${i + 1}:${p}@1${p} master - 0 0 1 connected ${i * 100}-${i * 100 + 99}`
    )
    .join('\n'),
})

/** One fake server per kind; `seeds` maps a seed id to its kind. */
function servers() {
  const kinds = {
    cluster: () =>
      new FakeRedis({
        INFO: info(['redis_version:6.2.14', 'cluster_enabled:1', 'role:master']),
        'CLUSTER NODES': clusterNodes([7000, 7001, 7002]),
      }),
    standalone: () =>
      new FakeRedis({
        INFO: info([
          'redis_version:7.2.4',
          'cluster_enabled:0',
          'role:master',
          'connected_slaves:0',
        ]),
      }),
    replicated: () =>
      new FakeRedis({
        INFO: info([
          'redis_version:7.2.4',
          'cluster_enabled:0',
          'role:master',
          'connected_slaves:1',
          'slave0:ip=10.0.1.9,port=6380,state=online,offset=1,lag=0',
        ]),
      }),
  }
  const made = new Map<string, FakeRedis>()
  const used: Target[] = []
  const get = (kind: keyof typeof kinds) => (t: Target) => {
    used.push(t)
    let fake = made.get(t.id)
    if (!fake) made.set(t.id, (fake = kinds[kind]()))
    return fake
  }
  return { made, used, get }
}

function spec(entry: string, dims = 'env=test'): PushTargetSpec {
  const dimensions = Object.fromEntries(dims ? dims.split(',').map((d) => d.split('=')) : [])
  return parsePushTargets(entry, config, dimensions)[0]!
}

function run(
  targets: PushTargetSpec[],
  opts: {
    config?: Config
    mode?: DiscoverMode
    state?: DiscoveryState
    getTransport: (t: Target) => FakeRedis
    now?: () => number
    logs?: Record<string, unknown>[]
    deadlineMs?: number
  }
) {
  const now = opts.now ?? Date.now
  return expandTargets({
    targets,
    mode: opts.mode ?? 'cluster',
    prepare: async (t) => ({ ...t, target: { ...t.target, password: SECRET } }),
    getTransport: opts.getTransport,
    config: opts.config ?? config,
    state: opts.state ?? newDiscoveryState(),
    deadlineMs: opts.deadlineMs ?? now() + 20_000,
    now,
    log: (e) => opts.logs?.push({ ...e }),
  })
}

describe('expandTargets', () => {
  it.each([
    [
      'cluster seed, mode cluster',
      'cluster',
      'cluster',
      ['10.0.0.1:7000', '10.0.0.2:7001', '10.0.0.3:7002'],
    ],
    [
      'cluster seed, mode all',
      'all',
      'cluster',
      ['10.0.0.1:7000', '10.0.0.2:7001', '10.0.0.3:7002'],
    ],
    ['cluster seed, mode off', 'off', 'cluster', ['cfg']],
    ['standalone, mode cluster', 'cluster', 'standalone', ['cfg']],
    ['standalone, mode all', 'all', 'standalone', ['cfg']],
    ['master with a replica, mode cluster', 'cluster', 'replicated', ['cfg']],
    ['master with a replica, mode all', 'all', 'replicated', ['cfg.example:6379', '10.0.1.9:6380']],
  ] as const)('%s', async (_name, mode, kind, ids) => {
    const s = servers()
    const seed = spec('redis://cfg.example:6379/2?name=cfg&user=app&password_env=PW&dim.team=core')
    const out = await run([seed], { mode, getTransport: s.get(kind) })
    expect(out.map((t) => t.id)).toEqual(ids)
    if (ids[0] === 'cfg') {
      expect(out).toEqual([seed])
      return
    }
    for (const node of out) {
      // Own id and address, the seed's dimensions plus seed=, scheme, db, user and credential ref.
      expect(node.dimensions).toEqual({ env: 'test', team: 'core', seed: 'cfg' })
      expect(node.target).toMatchObject({ id: node.id, db: 2, tls: false, username: 'app' })
      expect(node.target.uri).toBe(`redis://app@${node.id}/2`)
      expect(node.target.password).toBeUndefined() // filled per node by runPush's prepare
      expect(node.password).toEqual({ kind: 'env', name: 'PW' })
    }
    // Discovery itself used the prepared seed.
    expect(s.used[0]).toMatchObject({ id: 'cfg.example:6379', password: SECRET })
  })

  it('never asks a seed that is not a cluster again, and reuses a cluster node list until the TTL', async () => {
    const s = servers()
    let clock = 1_000_000
    const now = () => clock
    const state = newDiscoveryState()
    const targets = [spec('redis://solo:6379'), spec('redis://cfg:6379')]
    const get = (t: Target) => s.get(t.id === 'solo:6379' ? 'standalone' : 'cluster')(t)
    const first = await run(targets, { state, getTransport: get, now })
    expect(first.map((t) => t.id)).toEqual([
      'solo:6379',
      '10.0.0.1:7000',
      '10.0.0.2:7001',
      '10.0.0.3:7002',
    ])
    const sent = () => [...s.made].map(([id, f]) => [id, f.rounds.length])
    expect(sent()).toEqual([
      ['solo:6379', 1],
      ['cfg:6379', 2],
    ])

    clock += DISCOVERY_TTL_MS - 1
    expect(await run(targets, { state, getTransport: get, now })).toEqual(first)
    expect(sent()).toEqual([
      ['solo:6379', 1],
      ['cfg:6379', 2],
    ])

    // After the TTL the cluster seed is asked again and a new node shows up; solo is not asked.
    s.made.get('cfg:6379')!.replies.set('CLUSTER NODES', clusterNodes([7000, 7001, 7002, 7003]))
    clock += 1
    const later = await run(targets, { state, getTransport: get, now })
    expect(later.map((t) => t.id)).toContain('10.0.0.4:7003')
    expect(sent()).toEqual([
      ['solo:6379', 1],
      ['cfg:6379', 4],
    ])
  })

  it('keeps the seed when discovery fails, warns once per seed, and recovers', async () => {
    const s = servers()
    const logs: Record<string, unknown>[] = []
    let clock = 0
    const now = () => clock
    const state = newDiscoveryState()
    const seed = spec('redis://cfg:6379?name=orders')
    const get = s.get('cluster')
    get(seed.target).setMode('refuse')
    s.used.length = 0
    for (let i = 0; i < 3; i++) {
      expect(await run([seed], { state, getTransport: get, now, logs })).toEqual([seed])
    }
    expect(logs).toEqual([
      {
        level: 'warn',
        msg: 'node discovery failed; pushing the seed itself',
        target: 'orders',
        error: expect.stringMatching(/ECONNREFUSED/),
      },
    ])
    expect(s.used).toHaveLength(3) // asked again on every push while it fails

    s.made.get('cfg:6379')!.setMode('ok')
    expect(await run([seed], { state, getTransport: get, now, logs })).toHaveLength(3)

    // A failed refresh keeps the nodes found before (and warns once again).
    s.made.get('cfg:6379')!.setMode('refuse')
    clock += DISCOVERY_TTL_MS
    for (let i = 0; i < 2; i++) {
      const out = await run([seed], { state, getTransport: get, now, logs })
      expect(out.map((t) => t.id)).toEqual(['10.0.0.1:7000', '10.0.0.2:7001', '10.0.0.3:7002'])
    }
    expect(logs.map((l) => l['msg'])).toEqual([
      'node discovery failed; pushing the seed itself',
      'node discovery failed; pushing the nodes found before',
    ])
    expect(JSON.stringify(logs)).not.toContain(SECRET)
  })

  it('gives up on a hanging seed within a quarter of the push budget', async () => {
    const s = servers()
    const get = s.get('cluster')
    const seed = spec('redis://cfg:6379')
    get(seed.target).setMode('hang')
    const logs: Record<string, unknown>[] = []
    const started = Date.now()
    const out = await run([seed], { getTransport: get, logs, deadlineMs: started + 800 })
    expect(out).toEqual([seed])
    expect(Date.now() - started).toBeLessThan(600)
    expect(logs[0]?.['error']).toMatch(/took over 0\.\d+s/)
  })

  it('collects a node reached from two seeds once', async () => {
    const s = servers()
    const out = await run([spec('redis://a:6379'), spec('redis://b:6379')], {
      getTransport: s.get('cluster'),
    })
    expect(out.map((t) => [t.id, t.dimensions['seed']])).toEqual([
      ['10.0.0.1:7000', 'a:6379'],
      ['10.0.0.2:7001', 'a:6379'],
      ['10.0.0.3:7002', 'a:6379'],
    ])
  })

  it('never sends a discovery command over Upstash REST (billed per command, no nodes)', async () => {
    const fake = new FakeRedis()
    const upstash = { send: fake.send.bind(fake), profile: 'upstash' as const }
    const seed = spec('redis://cfg:6379')
    const out = await expandTargets({
      targets: [seed],
      mode: 'all',
      getTransport: () => upstash,
      config,
      state: newDiscoveryState(),
      deadlineMs: Date.now() + 20_000,
    })
    expect(out).toEqual([seed])
    expect(fake.rounds).toEqual([])
  })

  it('leaves a user dimension named seed alone', async () => {
    const s = servers()
    const out = await run([spec('redis://cfg:6379?dim.seed=mine')], {
      getTransport: s.get('cluster'),
    })
    expect(out.every((t) => t.dimensions['seed'] === 'mine')).toBe(true)
  })
})

describe('expandTargets and the discovery scope', () => {
  /** A cluster seed announcing one in-scope node and hostile ones. */
  const hostile = () =>
    new FakeRedis({
      INFO: info(['redis_version:6.2.14', 'cluster_enabled:1', 'role:master']),
      'CLUSTER NODES': {
        ok: true,
        value: [
          `${'a'.repeat(40)} 10.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5000`,
          `${'b'.repeat(40)} 127.0.0.2:27402@1 master - 0 0 1 connected 5001-10000`,
          `${'c'.repeat(40)} 169.254.169.254:80@1 master - 0 0 1 connected 10001-12000`,
          `${'d'.repeat(40)} [::ffff:a9fe:a9fe]:80@1 master - 0 0 1 connected 12001-16383`,
        ].join('\n'),
      },
    })

  it('pushes only in-scope nodes: the others are never connected to nor given a credential, and the push logs the counts', async () => {
    const seed = spec('redis://cfg:6379')
    const fake = hostile()
    const used: Target[] = []
    const logs: Record<string, unknown>[] = []
    const state = newDiscoveryState()
    const out = await run([seed], {
      state,
      logs,
      getTransport: (t) => {
        used.push(t)
        return fake
      },
    })
    expect(out.map((t) => t.id)).toEqual(['10.0.0.1:7000'])
    expect(used.map((t) => t.id)).toEqual(['cfg:6379'])
    expect(state.history.counts()).toEqual({ outOfScope: 3, truncated: 0 })
    expect(logs.filter((l) => l['node']).map((l) => l['node'])).toEqual([
      '[::ffff:a9fe:a9fe]:80',
      '127.0.0.2:27402',
      '169.254.169.254:80',
    ])
    expect(logs.at(-1)).toEqual({
      level: 'warn',
      msg: 'node discovery left nodes out of this push',
      out_of_scope_nodes: 3,
      truncated_nodes: 0,
      setting: 'REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS',
    })
    expect(JSON.stringify(logs)).not.toContain(SECRET)
    // The cached node list is reused: no discovery, no new counts, no log line.
    logs.length = 0
    expect((await run([seed], { state, logs, getTransport: () => fake })).map((t) => t.id)).toEqual(
      ['10.0.0.1:7000']
    )
    expect(logs).toEqual([])
  })

  it('pushes the seed itself when every announced node is outside the scope (nothing widened by default)', async () => {
    const seed = spec('redis://cfg:6379')
    const narrow = parseConfig({ REDIS_ADDR: '' })
    const out = await run([seed], { config: narrow, getTransport: () => hostile() })
    expect(out).toEqual([seed])
  })

  it('keeps the push targets themselves in scope', async () => {
    const s = servers()
    const narrow = parseConfig({ REDIS_ADDR: '' })
    const state = newDiscoveryState()
    // The seed is one of the announced nodes (10.0.0.1:7000); the other two are outside.
    const out = await run([spec('redis://10.0.0.1:7000')], {
      config: narrow,
      state,
      getTransport: s.get('cluster'),
    })
    expect(out.map((t) => [t.id, t.dimensions['seed']])).toEqual([
      ['10.0.0.1:7000', '10.0.0.1:7000'],
    ])
    expect(state.history.counts()).toEqual({ outOfScope: 2, truncated: 0 })
  })
})

describe('REDIS_EXPORTER_PUSH_DISCOVER_NODES', () => {
  const core = parseConfig({})
  it.each([
    [undefined, 'cluster'],
    ['', 'cluster'],
    ['off', 'off'],
    [' ALL ', 'all'],
    ['cluster', 'cluster'],
  ])('%j reads as %s', (raw, mode) => {
    const env = raw === undefined ? {} : { REDIS_EXPORTER_PUSH_DISCOVER_NODES: raw }
    expect(parsePushConfig(env, core).discoverNodes).toBe(mode)
  })

  it('refuses an unknown mode, naming the variable', () => {
    expect(() => parsePushConfig({ REDIS_EXPORTER_PUSH_DISCOVER_NODES: 'yes' }, core)).toThrow(
      /REDIS_EXPORTER_PUSH_DISCOVER_NODES: "yes" is not a mode \(expected off, cluster, all\)/
    )
  })
})
