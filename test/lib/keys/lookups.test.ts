import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lookUp } from '../../../lib/keys/lookups'
import { FakeRedis } from '../../helpers/fake-redis'
import { keyChecks, keyContext, realTransport } from '../../helpers/key-context'
import { seedKeysDataset } from '../../helpers/keys-dataset'
import type { RedisServer } from '../../helpers/redis-server'
import { startRedis } from '../../helpers/redis-server'

describe('lookUp', () => {
  let server: RedisServer
  beforeAll(async () => {
    server = await startRedis()
    await seedKeysDataset(server)
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('groups the keys of a database behind one SELECT, in two round trips', async () => {
    const transport = realTransport(server.url)
    try {
      const ctx = keyContext(transport)
      const found = await lookUp(ctx, keyChecks({}), {
        keys: [
          { db: 2, key: 'celery' },
          { db: 2, key: 'queue:jobs' },
          { db: 0, key: 'app:cache:2' },
        ],
        streams: [{ db: 2, key: 'events' }],
        scripts: false,
      })
      expect(found.keys.map((k) => [k.key, k.size, k.value])).toEqual([
        ['celery', 7, undefined],
        ['queue:jobs', 2, undefined],
        ['app:cache:2', 7, -125],
      ])
      expect(found.streams[0]?.groups.map((g) => g.name)).toEqual(['g1', 'g2'])
      expect(ctx.roundTrips).toBe(2)
      // trip 1: SELECT 2, 2 × (TYPE, MEMORY), XINFO STREAM, XINFO GROUPS, SELECT 0, TYPE, MEMORY
      // trip 2: SELECT 2, LLEN, LLEN, 2 × XINFO CONSUMERS, SELECT 0, PFCOUNT, STRLEN, GET
      expect(ctx.budget.spent).toBe(10 + 9)
    } finally {
      transport.close()
    }
  })

  it('skips keys whose TYPE failed and values a server sends as bytes', async () => {
    const transport = new FakeRedis({
      TYPE: { ok: true, value: 'string' },
      'MEMORY USAGE': { ok: false, error: 'ERR unknown command' },
      PFCOUNT: { ok: false, error: 'WRONGTYPE Key is not a valid HyperLogLog string value.' },
      STRLEN: { ok: true, value: 3 },
      GET: { ok: true, value: new TextEncoder().encode('1.5') },
    })
    const ctx = keyContext(transport)
    const found = await lookUp(ctx, keyChecks({}), {
      keys: [{ db: 0, key: 'k' }],
      streams: [],
      scripts: false,
    })
    expect(found.keys).toEqual([{ db: 0, key: 'k', size: 3, value: 1.5 }])
  })
})
