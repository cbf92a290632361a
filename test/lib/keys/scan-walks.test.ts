import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newKeyState } from '../../../lib/keys/key-state'
import { advanceWalks, plannedWalks } from '../../../lib/keys/scan-walks'
import { keyChecks, keyContext, realTransport } from '../../helpers/key-context'
import type { RedisServer } from '../../helpers/redis-server'
import { startRedis } from '../../helpers/redis-server'

describe('SCAN walks', () => {
  let server: RedisServer
  beforeAll(async () => {
    server = await startRedis()
    await server.command(
      'EVAL',
      "for i = 1, 500 do redis.call('SET', 'user:' .. i, i) end for i = 1, 300 do redis.call('SET', 'job:' .. i, i) end",
      0
    )
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('plans one walk per glob, count pattern and database with keys', () => {
    const ctx = keyContext(realTransport(server.url))
    const checks = keyChecks({
      REDIS_EXPORTER_CHECK_KEYS: 'db0=user:*,db0=plain',
      REDIS_EXPORTER_CHECK_STREAMS: 'db1=ev*',
      REDIS_EXPORTER_COUNT_KEYS: 'db0=job:*',
      REDIS_EXPORTER_CHECK_KEY_GROUPS: '^(%a+):',
    })
    const walks = plannedWalks(ctx, checks, { keyChecks: true, dbsWithKeys: [0, 3] })
    expect(walks.map((w) => `${w.check} db${w.db} ${w.pattern}`)).toEqual([
      'check_keys db0 user:*',
      'check_streams db1 ev*',
      'count_keys db0 job:*',
      'key_groups db0 ^(%a+):',
      'key_groups db3 ^(%a+):',
    ])
    expect(plannedWalks(ctx, checks, { keyChecks: false, dbsWithKeys: [0] })).toHaveLength(1)
  })

  it('resumes from the saved cursor on the next scrape and counts right at the end', async () => {
    const transport = realTransport(server.url)
    try {
      const state = newKeyState()
      const checks = keyChecks({
        REDIS_EXPORTER_COUNT_KEYS: 'db0=user:*',
        REDIS_EXPORTER_CHECK_KEYS_BATCH_SIZE: '100',
      })
      let scrapes = 0
      let done = false
      while (!done && scrapes < 20) {
        scrapes += 1
        const ctx = keyContext(transport, { state, commands: 3 })
        const [walk] = plannedWalks(ctx, checks, { keyChecks: true, dbsWithKeys: [0] })
        await advanceWalks(ctx, [walk!], checks, 3)
        expect(ctx.budget.spent).toBeLessThanOrEqual(3)
        done = walk!.pass.completed > 0
        if (!done) expect(walk!.pass.cursor).not.toBe('0')
        else expect(walk!.pass.last?.count).toBe(500)
      }
      expect(scrapes).toBeGreaterThan(1)
      expect(done).toBe(true)
    } finally {
      transport.close()
    }
  })

  it('finishes a walk at most once per scrape', async () => {
    const transport = realTransport(server.url)
    try {
      const checks = keyChecks({ REDIS_EXPORTER_CHECK_KEY_GROUPS: '^(%a+):' })
      const ctx = keyContext(transport, { commands: 1000 })
      const walks = plannedWalks(ctx, checks, { keyChecks: true, dbsWithKeys: [0] })
      await advanceWalks(ctx, walks, checks, 1000)
      expect(walks[0]!.pass.completed).toBe(1)
      const groups = Object.fromEntries(
        [...walks[0]!.pass.last!.groups].map(([name, g]) => [name, g.count])
      )
      expect(groups).toEqual({ user: 500, job: 300 })
      expect(ctx.budget.spent).toBeLessThan(10)
    } finally {
      transport.close()
    }
  })
})
