import type { RedisServer } from './redis-server'
import { withConnection } from './redis-server'

/**
 * What the key-check tests add to the standard dataset: queues (lists) in two databases, a
 * stream with two groups and consumers, prefixed keys for key groups, numeric and non-numeric
 * strings. Leaves the connection on db0.
 */
export async function seedKeysDataset(server: RedisServer): Promise<void> {
  await withConnection(server, async (conn) => {
    const call = (...args: (string | number)[]) => conn.call(...args)
    await call('SELECT', 0)
    await call('RPUSH', 'queue:emails', 'a', 'b', 'c', 'd')
    await call('SET', 'app:cache:1', 'x'.repeat(100))
    await call('SET', 'app:cache:2', '-12.5e1')
    await call('SET', 'app:session:1', 'not a number')
    await call('SELECT', 2)
    await call('RPUSH', 'celery', 1, 2, 3, 4, 5, 6, 7)
    await call('RPUSH', 'queue:jobs', 'x', 'y')
    for (let i = 1; i <= 4; i++) await call('XADD', 'events', `${1700000000000 + i}-0`, 'n', i)
    await call('XGROUP', 'CREATE', 'events', 'g1', '0')
    await call('XGROUP', 'CREATE', 'events', 'g2', '0')
    await call('XREADGROUP', 'GROUP', 'g1', 'c1', 'COUNT', 2, 'STREAMS', 'events', '>')
    await call('XREADGROUP', 'GROUP', 'g1', 'c2', 'COUNT', 1, 'STREAMS', 'events', '>')
    await call('XREADGROUP', 'GROUP', 'g2', 'c3', 'COUNT', 1, 'STREAMS', 'events', '>')
    await call('SELECT', 0)
  })
}
