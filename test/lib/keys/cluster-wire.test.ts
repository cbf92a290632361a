import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../../../lib/config'
import type { ClusterLink } from '../../../lib/keys/cluster-route'
import { clusterRoute } from '../../../lib/keys/cluster-route'
import { commandKey, nodeOf } from '../../../lib/keys/cluster-wire'
import { keySlot } from '../../../lib/keys/key-slot'
import type { Job } from '../../../lib/keys/wire'
import { roundTrip } from '../../../lib/keys/wire'
import { parseTarget } from '../../../lib/target'
import { parseClusterSlots } from '../../../lib/topology/cluster-slots'
import { discoveryScope } from '../../../lib/topology/scope'
import type { Reply } from '../../../lib/types'
import { keyContext, realTransport } from '../../helpers/key-context'
import type { RedisCluster } from '../../helpers/redis-cluster'
import { startRedisCluster } from '../../helpers/redis-cluster'

describe('commandKey', () => {
  it.each([
    [['TYPE', 'k'], 'k'],
    [['MEMORY', 'USAGE', 'k', 'SAMPLES', '0'], 'k'],
    [['XINFO', 'STREAM', 'k'], 'k'],
    [['XINFO', 'CONSUMERS', 'k', 'g'], 'k'],
    [['pfcount', 'k'], 'k'],
    [['SCAN', '0', 'MATCH', 'k*'], undefined],
    [['EVAL', 'return 1', '0'], undefined],
    [['SELECT', '1'], undefined],
  ] as [Job['command'], string | undefined][])('%j reads %s', (command, key) => {
    expect(commandKey(command)).toBe(key)
  })
})

describe('nodeOf', () => {
  const map = parseClusterSlots(
    [
      [0, 8191, ['10.0.0.1', 6379]],
      [8192, 16000, ['10.0.0.2', 6379]],
    ],
    'seed'
  )
  const routing = { map, reach: () => ({ refused: 'unused' }), seedId: 'seed:6379' }
  const job = (command: Job['command'], node?: string): Job => ({
    command,
    onReply: () => undefined,
    ...(node ? { node } : {}),
  })

  it('sends a key to the master of its slot', () => {
    expect(keySlot('bar')).toBeLessThan(8192)
    expect(nodeOf(job(['TYPE', 'bar']), routing)).toBe('10.0.0.1:6379')
    expect(keySlot('foo')).toBeGreaterThanOrEqual(8192)
    expect(nodeOf(job(['XINFO', 'STREAM', 'foo']), routing)).toBe('10.0.0.2:6379')
  })
  it('keeps a job on its own node, and keyless commands and unserved slots on the seed', () => {
    expect(nodeOf(job(['SCAN', '0'], '10.0.0.2:6379'), routing)).toBe('10.0.0.2:6379')
    expect(nodeOf(job(['EVAL', 'return 1', '0']), routing)).toBe('seed:6379')
    const unserved = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].find((k) => keySlot(k) > 16000)
    expect(nodeOf(job(['TYPE', unserved!]), routing)).toBe('seed:6379')
  })
})

describe('routedTrip on a real 3-master cluster', () => {
  let cluster: RedisCluster
  const transports: ReturnType<typeof realTransport>[] = []
  const link = (allowed: string, host = '127.0.0.1'): ClusterLink => {
    const seed = parseTarget(`redis://${host}:${cluster.masters[0]!.port}`)
    const config = parseConfig({
      REDIS_ADDR: seed.uri,
      ...(allowed ? { REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: allowed } : {}),
    })
    return {
      seed,
      scope: discoveryScope(config),
      getTransport: (t) => {
        const made = realTransport(t.uri)
        transports.push(made)
        return made
      },
    }
  }

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3 })
    for (const key of ['foo', 'bar', 'hello', 'zap']) {
      const owner = Math.min(2, Math.floor(keySlot(key) / 5461)) // even ranges, as the helper assigns
      await cluster.masters[owner]!.command('SET', key, key)
    }
  }, 60_000)
  afterAll(async () => {
    for (const t of transports) t.close()
    await cluster?.stop()
  })

  async function lookUp(allowed: string, keys: string[], host = '127.0.0.1') {
    const seed = realTransport(`redis://${host}:${cluster.masters[0]!.port}`)
    transports.push(seed)
    const ctx = keyContext(seed)
    ctx.route = await clusterRoute(ctx, link(allowed, host))
    const got = new Map<string, Reply>()
    const jobs: Job[] = keys.map((k) => ({ command: ['STRLEN', k], onReply: (r) => got.set(k, r) }))
    expect(await roundTrip(ctx, jobs)).toBe(true)
    return { ctx, got }
  }

  it('answers every key from its master, counting each command on every node', async () => {
    const { ctx, got } = await lookUp('127.0.0.1/32', ['foo', 'bar', 'hello', 'zap'])
    expect([...got].map(([k, r]) => [k, r.ok && r.value]).sort()).toEqual([
      ['bar', 3],
      ['foo', 3],
      ['hello', 5],
      ['zap', 3],
    ])
    expect(ctx.route?.masters).toHaveLength(3)
    // CLUSTER MYID and SLOTS, then 4 STRLENs in one round trip per master owning one of them.
    expect(ctx.budget.spent).toBe(6)
    const owners = new Set(['foo', 'bar', 'hello', 'zap'].map((k) => Math.floor(keySlot(k) / 5461)))
    expect(ctx.roundTrips).toBe(1 + owners.size)
  })

  it('answers a key of a node outside the discovery scope with the setting to change', async () => {
    const { got } = await lookUp('', ['foo', 'bar'])
    const foo = got.get('foo')!
    expect(foo.ok).toBe(false)
    expect(!foo.ok && foo.error).toMatch(/REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS/)
    expect(got.get('bar')).toEqual({ ok: true, value: 3 })
  })

  it('knows the scraped node under the address the map gives it (CLUSTER MYID)', async () => {
    const before = transports.length
    const { got } = await lookUp('', ['bar', 'hello'], 'localhost')
    expect(got.get('bar')).toEqual({ ok: true, value: 3 })
    expect(got.get('hello')).toEqual({ ok: true, value: 5 })
    expect(transports.length - before).toBe(1) // the seed's own, made by the test
  })

  it('refuses the trip when the budget cannot pay for every node', async () => {
    const seed = realTransport(cluster.masters[0]!.url)
    transports.push(seed)
    const ctx = keyContext(seed, { commands: 4 })
    ctx.route = await clusterRoute(ctx, link('127.0.0.1/32'))
    const jobs: Job[] = ['foo', 'bar', 'hello'].map((k) => ({
      command: ['STRLEN', k],
      onReply: () => undefined,
    }))
    expect(await roundTrip(ctx, jobs)).toBe(false)
    expect(ctx.budget.spent).toBe(2)
    expect(ctx.budget.exhausted).toBe(true)
  })
})
