import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../../../lib/config'
import type { ClusterLink } from '../../../lib/keys/cluster-route'
import { SLOT_MAP_TTL_MS, clusterRoute } from '../../../lib/keys/cluster-route'
import { newKeyState } from '../../../lib/keys/key-state'
import { parseTarget } from '../../../lib/target'
import { discoveryScope } from '../../../lib/topology/scope'
import { keyContext, realTransport } from '../../helpers/key-context'
import type { RedisCluster } from '../../helpers/redis-cluster'
import { startRedisCluster } from '../../helpers/redis-cluster'
import type { RedisServer } from '../../helpers/redis-server'
import { startRedis } from '../../helpers/redis-server'

describe('clusterRoute', () => {
  let cluster: RedisCluster
  let standalone: RedisServer
  const closers: (() => void)[] = []
  const transport = (url: string) => {
    const t = realTransport(url)
    closers.push(() => t.close())
    return t
  }
  const linkTo = (server: RedisServer): ClusterLink => {
    const seed = parseTarget(server.url)
    return {
      seed,
      scope: discoveryScope(parseConfig({ REDIS_ADDR: seed.uri })),
      getTransport: (t) => transport(t.uri),
    }
  }

  beforeAll(async () => {
    ;[cluster, standalone] = await Promise.all([startRedisCluster({ masters: 3 }), startRedis()])
  }, 60_000)
  afterAll(async () => {
    closers.forEach((close) => close())
    await Promise.all([cluster?.stop(), standalone?.stop()])
  })

  it('lists the masters from CLUSTER SLOTS and keeps the map for a while', async () => {
    const seed = cluster.masters[0]!
    const state = newKeyState()
    const first = keyContext(transport(seed.url), { state })
    const route = await clusterRoute(first, linkTo(seed))
    expect([...(route?.masters ?? [])].sort()).toEqual(
      cluster.masters.map((m) => `127.0.0.1:${m.port}`).sort()
    )
    expect(first.budget.spent).toBe(2)
    const second = keyContext(transport(seed.url), { state })
    expect((await clusterRoute(second, linkTo(seed)))?.masters).toEqual(route?.masters)
    expect(second.budget.spent).toBe(0)
  })

  it('asks again once the map is stale or older than SLOT_MAP_TTL_MS', async () => {
    const seed = cluster.masters[0]!
    const state = newKeyState()
    await clusterRoute(keyContext(transport(seed.url), { state }), linkTo(seed))
    state.slots!.stale = true
    const stale = keyContext(transport(seed.url), { state })
    await clusterRoute(stale, linkTo(seed))
    expect(stale.budget.spent).toBe(2)
    const later = {
      ...keyContext(transport(seed.url), { state }),
      now: () => Date.now() + SLOT_MAP_TTL_MS,
    }
    await clusterRoute(later, linkTo(seed))
    expect(later.budget.spent).toBe(2)
  })

  it('gives no route on a server that is not a cluster (all stays on its connection)', async () => {
    const ctx = keyContext(transport(standalone.url))
    expect(await clusterRoute(ctx, linkTo(standalone))).toBeUndefined()
    expect(ctx.errors.get('CLUSTER')).toMatch(/cluster support disabled/)
  })

  it('gives no route when the budget has no room for CLUSTER MYID and SLOTS', async () => {
    const ctx = keyContext(transport(cluster.masters[0]!.url), { commands: 2 })
    ctx.budget.take(1)
    expect(await clusterRoute(ctx, linkTo(cluster.masters[0]!))).toBeUndefined()
    expect(ctx.budget.exhausted).toBe(true)
  })
})
