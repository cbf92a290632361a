import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it, vi } from 'vitest'
import type * as FreePortModule from './free-port'
import { redisExporterBinary, startRedisExporter } from './redis-exporter'
import { startRedis } from './redis-server'
import type { RedisServer } from './redis-server'

// freePort() hands out `taken` first (if set), as if another process grabbed the port in between.
const ports = vi.hoisted(() => ({ taken: [] as number[] }))
vi.mock('../helpers/free-port', async (importOriginal) => {
  const real = await importOriginal<typeof FreePortModule>()
  return {
    ...real,
    freePort: async () => ports.taken.shift() ?? real.freePort(),
  }
})

const started: RedisServer[] = []
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()))
})

describe('port collisions', () => {
  it('startRedis retries on a new port when the port is held by another redis-server', async () => {
    const other = await startRedis()
    started.push(other)
    ports.taken.push(other.port, other.port)
    const mine = await startRedis()
    started.push(mine)
    expect(ports.taken).toEqual([])
    expect(mine.port).not.toBe(other.port)
    expect(String(await mine.command('INFO', 'server'))).toContain(`process_id:${mine.pid}\r\n`)
  })

  it.skipIf(!redisExporterBinary())(
    'startRedisExporter retries when the port is held by a foreign /health server',
    async () => {
      const foreign = createServer((_req, res) => res.end('ok'))
      await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve))
      const foreignPort = (foreign.address() as AddressInfo).port
      try {
        const redis = await startRedis()
        started.push(redis)
        ports.taken.push(foreignPort)
        const exporter = await startRedisExporter({ redisAddr: redis.url })
        try {
          expect(exporter?.url).not.toBe(`http://127.0.0.1:${foreignPort}`)
          const res = await fetch(`${exporter?.url}/metrics`)
          expect(await res.text()).toContain('redis_up 1')
        } finally {
          await exporter?.stop()
        }
      } finally {
        foreign.close()
      }
    }
  )
})
