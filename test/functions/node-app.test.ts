import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NodeApp } from '../../functions/node-app'
import { nodeApp } from '../../functions/node-app'
import { nodeConfig } from '../../functions/node-secrets'
import type { RedisServer } from '../helpers/redis-server'
import { redisServerBinary, startRedis } from '../helpers/redis-server'

const RIGHT = 'right-pass-4711'
const WRONG = 'wrong-pass-0815'

describe.skipIf(!redisServerBinary())('/-/reload on the Node server (real redis-server)', () => {
  let redis: RedisServer
  let dir: string
  let file: string
  let app: NodeApp
  const logs: string[] = []
  const write = (password: string): void =>
    writeFileSync(file, JSON.stringify({ [`redis://127.0.0.1:${redis.port}`]: password }))
  const request = async (path: string, method = 'GET') => {
    const res = await app.fetch(new Request(`http://exporter${path}`, { method }))
    return { status: res.status, text: await res.text() }
  }
  const up = async (): Promise<string | undefined> =>
    /^redis_up (\d)$/m.exec((await request('/metrics')).text)?.[1]

  beforeAll(async () => {
    redis = await startRedis({ password: RIGHT })
    dir = mkdtempSync(join(tmpdir(), 'reload-'))
    file = join(dir, 'passwords.json')
    write(WRONG)
    const env = { REDIS_ADDR: `redis://127.0.0.1:${redis.port}`, REDIS_PASSWORD_FILE: file }
    app = nodeApp(env, nodeConfig(env).config, { log: (e) => logs.push(JSON.stringify(e)) })
  }, 20_000)
  afterAll(async () => {
    await app?.close()
    await redis?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('scrapes with the new password after a reload, and drops clients of the old one', async () => {
    expect(await up()).toBe('0')
    write(RIGHT)
    expect(await request('/-/reload', 'POST')).toEqual({ status: 200, text: 'ok' })
    expect(await up()).toBe('1')
    // The warm client is authenticated; a reload to a wrong password must not keep using it.
    write(WRONG)
    expect(await request('/-/reload', 'PUT')).toEqual({ status: 200, text: 'ok' })
    expect(await up()).toBe('0')
    write(RIGHT)
    expect((await request('/-/reload')).text).toBe('ok')
    expect(await up()).toBe('1')
  }, 20_000)

  it('keeps the app and its warm client when the reloaded map is unchanged', async () => {
    const connections = async (): Promise<number> => {
      const info = String(await redis.command('INFO', 'stats'))
      return Number(/total_connections_received:(\d+)/.exec(info)?.[1])
    }
    write(RIGHT)
    expect((await request('/-/reload')).text).toBe('ok')
    expect(await up()).toBe('1')
    const before = await connections()
    for (let i = 0; i < 20; i++) expect((await request('/-/reload', 'POST')).text).toBe('ok')
    expect(await up()).toBe('1')
    // Only the INFO connection of this test itself: no reload and no scrape opened one.
    expect((await connections()) - before).toBe(1)
  }, 20_000)

  it('keeps the old map on a bad file and answers 500 naming REDIS_PASSWORD_FILE', async () => {
    writeFileSync(file, `{"redis://127.0.0.1:${redis.port}": "${WRONG}"`)
    const bad = await request('/-/reload', 'POST')
    expect(bad.status).toBe(500)
    expect(bad.text).toMatch(/^error: reloading REDIS_PASSWORD_FILE failed: .*not valid JSON.*\n$/)
    rmSync(file)
    const missing = await request('/-/reload', 'POST')
    expect(missing.status).toBe(500)
    expect(missing.text).toContain('REDIS_PASSWORD_FILE: cannot read')
    expect(missing.text).toContain('(ENOENT)')
    expect(await up()).toBe('1')
    const failures = logs.filter((l) => l.includes('REDIS_PASSWORD_FILE reload failed'))
    expect(failures).toHaveLength(2)
    for (const text of [bad.text, missing.text, ...logs]) {
      expect(text).not.toContain(RIGHT)
      expect(text).not.toContain(WRONG)
    }
  }, 20_000)

  it('answers 400 when no password file is configured', async () => {
    const env = { REDIS_ADDR: `redis://127.0.0.1:${redis.port}` }
    const other = nodeApp(env, nodeConfig(env).config, {})
    try {
      const res = await other.fetch(new Request('http://exporter/-/reload', { method: 'POST' }))
      expect(res.status).toBe(400)
      expect(await res.text()).toContain('REDIS_PASSWORD_FILE is not set')
    } finally {
      await other.close()
    }
  })
})
