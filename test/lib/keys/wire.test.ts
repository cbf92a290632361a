import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Job } from '../../../lib/keys/wire'
import { fitting, isBlocked, roundTrip, wireCost } from '../../../lib/keys/wire'
import type { Reply } from '../../../lib/types'
import { FakeRedis } from '../../helpers/fake-redis'
import { keyContext, realTransport } from '../../helpers/key-context'
import type { RedisServer } from '../../helpers/redis-server'
import { startRedis } from '../../helpers/redis-server'

const job = (db: number | undefined, ...command: [string, ...string[]]): Job => ({
  ...(db === undefined ? {} : { db }),
  command,
  onReply: () => undefined,
})

describe('wireCost and fitting', () => {
  it.each([
    ['no jobs', [], 0],
    ['the connection db: no SELECT', [job(undefined, 'TYPE', 'a'), job(0, 'TYPE', 'b')], 2],
    ['another db: SELECT there and back', [job(1, 'TYPE', 'a'), job(1, 'LLEN', 'a')], 4],
    ['two other dbs', [job(1, 'TYPE', 'a'), job(2, 'TYPE', 'b')], 5],
    ['back and forth', [job(1, 'A'), job(0, 'B'), job(1, 'C')], 7],
  ])('%s', (_what, jobs, cost) => {
    expect(wireCost(jobs, 0)).toBe(cost)
  })

  it('keeps whole units that fit', () => {
    const units = [[job(1, 'TYPE', 'a'), job(1, 'MEMORY', 'USAGE', 'a')], [job(1, 'TYPE', 'b')]]
    expect(fitting(units, 4, 0)).toHaveLength(2)
    expect(fitting(units, 5, 0)).toHaveLength(3)
    expect(fitting(units, 3, 0)).toHaveLength(0)
  })
})

describe('roundTrip on a real Redis', () => {
  let server: RedisServer
  beforeAll(async () => {
    server = await startRedis()
    await server.command('SELECT', 0)
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('runs each job in its database and returns the connection to its own', async () => {
    const transport = realTransport(`${server.url}/3`)
    try {
      await transport.send([['SET', 'here', 'db3']], { signal: new AbortController().signal })
      const ctx = keyContext(transport, { connectionDb: 3 })
      const seen: Reply[] = []
      const put = (db: number | undefined, ...command: [string, ...string[]]): Job => ({
        ...(db === undefined ? {} : { db }),
        command,
        onReply: (r) => seen.push(r),
      })
      expect(
        await roundTrip(ctx, [put(5, 'SET', 'there', 'db5'), put(undefined, 'GET', 'here')])
      ).toBe(true)
      expect(seen).toEqual([
        { ok: true, value: 'OK' },
        { ok: true, value: 'db3' },
      ])
      expect(ctx.budget.spent).toBe(4) // SELECT 5, SET, SELECT 3, GET
      const [again] = await transport.send([['GET', 'here']], {
        signal: new AbortController().signal,
      })
      expect(again).toEqual({ ok: true, value: 'db3' })
      expect(await server.command('SELECT', 5)).toBe('OK')
    } finally {
      transport.close()
    }
  })
})

describe('roundTrip failures', () => {
  it('fails every job of a database whose SELECT failed, and remembers blocked commands', async () => {
    const transport = new FakeRedis({ TYPE: { ok: true, value: 'list' } })
    const ctx = keyContext(transport)
    const seen: Reply[] = []
    const put = (db: number | undefined, ...command: [string, ...string[]]): Job => ({
      ...(db === undefined ? {} : { db }),
      command,
      onReply: (r) => seen.push(r),
    })
    await roundTrip(ctx, [
      put(2, 'TYPE', 'a'),
      put(undefined, 'TYPE', 'b'),
      put(undefined, 'XINFO', 'STREAM', 's'),
    ])
    expect(seen[0]).toEqual({
      ok: false,
      error: "SELECT 2: ERR unknown command 'SELECT', with args beginning with: ",
    })
    expect(seen[1]).toEqual({ ok: true, value: 'list' })
    expect(isBlocked(ctx, 'XINFO')).toBe(true)
    expect(isBlocked(ctx, 'TYPE')).toBe(false)
    expect(isBlocked(ctx, 'SELECT')).toBe(true)
    // not resent: the job of db2 fails without a round trip
    seen.length = 0
    await roundTrip(ctx, [put(2, 'TYPE', 'a')])
    expect(transport.rounds).toHaveLength(1)
    expect(seen).toEqual([{ ok: false, error: 'SELECT 2: refused by the target' }])
  })

  it('sends nothing past the budget', async () => {
    const transport = new FakeRedis()
    const ctx = keyContext(transport, { commands: 1 })
    expect(await roundTrip(ctx, [job(undefined, 'TYPE', 'a'), job(undefined, 'TYPE', 'b')])).toBe(
      false
    )
    expect(transport.rounds).toHaveLength(0)
    expect(ctx.budget.exhausted).toBe(true)
  })

  it('does not block EVAL for an error of the script itself', async () => {
    const transport = new FakeRedis({
      EVAL: { ok: false, error: "ERR user_script:1: wrong number of arguments to 'redis.call'" },
    })
    const ctx = keyContext(transport)
    await roundTrip(ctx, [job(undefined, 'EVAL', 'return 1', '0')])
    expect(isBlocked(ctx, 'EVAL')).toBe(false)
  })
})
