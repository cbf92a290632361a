import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { connect } from 'node:net'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { trackedChildCount } from './child-reaper'
import { freePort } from './free-port'
import { seedStandardDataset, startRedis } from './redis-server'
import type { RedisServer } from './redis-server'
import { RespError } from './resp'
import { respCommand } from './resp-client'

const started: RedisServer[] = []
async function start(...args: Parameters<typeof startRedis>): Promise<RedisServer> {
  const s = await startRedis(...args)
  started.push(s)
  return s
}
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()))
})

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function waitUntil(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (cond()) return true
    await sleep(50)
  }
  return cond()
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port })
    s.once('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.once('error', () => resolve(false))
  })
}

describe('freePort', () => {
  it('returns distinct bindable ports', async () => {
    const ports = await Promise.all([freePort(), freePort(), freePort()])
    for (const p of ports) expect(p).toBeGreaterThan(0)
  })
})

describe('startRedis', () => {
  it('starts two servers in parallel on distinct ports, never 6379', async () => {
    const [a, b] = await Promise.all([start(), start()])
    expect(a.port).not.toBe(b.port)
    expect(a.pid).not.toBe(b.pid)
    for (const s of [a, b]) {
      expect(s.port).not.toBe(6379)
      expect(s.host).toBe('127.0.0.1')
      expect(s.url).toBe(`redis://127.0.0.1:${s.port}`)
      expect(await s.command('PING')).toBe('PONG')
      const info = String(await s.command('INFO', 'server'))
      expect(info).toContain(`process_id:${s.pid}\r\n`)
    }
  })

  it('command() round-trips replies and throws on error replies', async () => {
    const s = await start()
    expect(await s.command('SET', 'k', 'v')).toBe('OK')
    expect(await s.command('GET', 'k')).toBe('v')
    expect(await s.command('GET', 'missing')).toBeNull()
    expect(await s.command('INCR', 'n')).toBe(1)
    expect(await s.command('RPUSH', 'l', 'a', 'b')).toBe(2)
    expect(await s.command('LRANGE', 'l', '0', '-1')).toEqual(['a', 'b'])
    expect(await s.command('CONFIG', 'GET', 'save')).toEqual(['save', ''])
    expect(await s.command('CONFIG', 'GET', 'appendonly')).toEqual(['appendonly', 'no'])
    await expect(s.command('INCR', 'k')).rejects.toThrow(/^ERR value is not an integer/)
    await expect(s.command('NOSUCHCMD')).rejects.toBeInstanceOf(RespError)
  })

  it('a password server rejects commands without AUTH and accepts them with it', async () => {
    const s = await start({ password: 's3cret' })
    expect(s.password).toBe('s3cret')
    expect(await s.command('PING')).toBe('PONG')
    await expect(respCommand({ port: s.port }, 'PING')).rejects.toThrow(/^NOAUTH/)
    await expect(respCommand({ port: s.port, password: 'wrong' }, 'PING')).rejects.toThrow(
      /WRONGPASS/
    )
  })

  it('renameCommands makes CONFIG, LATENCY and SLOWLOG unknown', async () => {
    const s = await start({ renameCommands: ['CONFIG', 'LATENCY', 'SLOWLOG'] })
    await expect(s.command('CONFIG', 'GET', 'maxmemory')).rejects.toThrow(/^ERR unknown command/)
    await expect(s.command('LATENCY', 'LATEST')).rejects.toThrow(/^ERR unknown command/)
    await expect(s.command('SLOWLOG', 'LEN')).rejects.toThrow(/^ERR unknown command/)
    expect(await s.command('PING')).toBe('PONG')
  })

  it('starts a replica (of a password-protected master) with the link up', async () => {
    const master = await start({ password: 'pw' })
    const replica = await start({ replicaOf: { port: master.port, password: 'pw' } })
    const info = String(await replica.command('INFO', 'replication'))
    expect(info).toContain('role:slave')
    expect(info).toContain('master_link_status:up')
    await master.command('SET', 'replicated', 'yes')
    await expect.poll(() => replica.command('GET', 'replicated'), { timeout: 5_000 }).toBe('yes')
    expect(String(await master.command('INFO', 'replication'))).toContain('connected_slaves:1')
  })

  it('passes extra args last', async () => {
    const s = await start({ args: ['--databases', '4', '--maxmemory', '10mb'] })
    expect(await s.command('CONFIG', 'GET', 'databases')).toEqual(['databases', '4'])
    expect(await s.command('CONFIG', 'GET', 'maxmemory')).toEqual(['maxmemory', '10485760'])
  })

  it('rejects with the server output when redis-server cannot start', async () => {
    await expect(startRedis({ args: ['--no-such-option', 'x'] })).rejects.toThrow(
      /exited .*before it was ready[\s\S]*no-such-option/
    )
  })

  it('stop() terminates the process, frees the port and removes the temp dir', async () => {
    const s = await startRedis()
    const dirReply = await s.command('CONFIG', 'GET', 'dir')
    const dir = Array.isArray(dirReply) ? String(dirReply[1]) : ''
    expect(existsSync(dir)).toBe(true)
    expect(isAlive(s.pid)).toBe(true)
    const tracked = trackedChildCount()
    await s.stop()
    expect(trackedChildCount()).toBe(tracked - 1)
    expect(isAlive(s.pid)).toBe(false)
    expect(await canConnect(s.port)).toBe(false)
    expect(existsSync(dir)).toBe(false)
    await s.stop() // idempotent
  })
})

describe('seedStandardDataset', () => {
  it('writes the reference dataset', async () => {
    const s = await start()
    await seedStandardDataset(s)
    const keyspace = String(await s.command('INFO', 'keyspace'))
    expect(keyspace).toMatch(/^db0:keys=10,expires=1,/m)
    expect(keyspace).toMatch(/^db1:keys=3,expires=1,/m)
    expect(keyspace).toMatch(/^db3:keys=2,expires=0,/m)
    expect(await s.command('DBSIZE')).toBe(10) // a fresh connection is on db0
    expect(await s.command('GET', 'counter')).toBe('44')
    expect(await s.command('XLEN', 'mystream')).toBe(3)
    expect(await s.command('PFCOUNT', 'myhll')).toBe(4)
    const pending = (await s.command('XPENDING', 'mystream', 'grp1')) as unknown[]
    expect(pending[0]).toBe(2)

    const stats = String(await s.command('INFO', 'stats'))
    expect(stats).toMatch(/^keyspace_hits:[1-9]/m)
    expect(stats).toMatch(/^keyspace_misses:[1-9]/m)
    expect(stats).toMatch(/^total_error_replies:2\r$/m)
    const latest = (await s.command('LATENCY', 'LATEST')) as unknown[][]
    expect(latest.map((e) => e[0])).toContain('command')
    expect(await s.command('SLOWLOG', 'LEN')).toBeGreaterThanOrEqual(1)
  })

  it('db3: false reproduces the capture (no db3), and DBSIZE per db is 10 / 3', async () => {
    const s = await start()
    await seedStandardDataset(s, { db3: false })
    const keyspace = String(await s.command('INFO', 'keyspace'))
    expect(keyspace).not.toContain('db3:')
    const counts = (await s.command(
      'EVAL',
      "redis.call('SELECT', 0); local a = redis.call('DBSIZE'); redis.call('SELECT', 1); return {a, redis.call('DBSIZE')}",
      '0'
    )) as number[]
    expect(counts).toEqual([10, 3])
  })

  it('works against a managed-service simulation (password, CONFIG/LATENCY/SLOWLOG renamed)', async () => {
    const s = await start({ password: 'pw', renameCommands: ['CONFIG', 'LATENCY', 'SLOWLOG'] })
    await seedStandardDataset(s)
    expect(await s.command('DBSIZE')).toBe(10)
  })
})

describe('leak protection', () => {
  const worker = fileURLToPath(new URL('./leaky-worker.ts', import.meta.url))

  async function runLeaky(mode: 'exit' | 'hang') {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, mode], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const line = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString()
        if (out.includes('\n')) resolve(out.trim())
      })
      child.once('exit', (code) => reject(new Error(`worker exited (${code}) early: ${out}`)))
    })
    const [pid = '', port = '', dir = ''] = line.split(' ')
    return { child, pid: Number(pid), port: Number(port), dir }
  }

  it('kills servers when the process exits without stop()', async () => {
    const { pid, dir } = await runLeaky('exit')
    expect(pid).toBeGreaterThan(0)
    expect(await waitUntil(() => !isAlive(pid), 3_000)).toBe(true)
    expect(await waitUntil(() => !existsSync(dir), 3_000)).toBe(true)
  })

  it('kills servers when the process is SIGTERMed or SIGKILLed (as vitest does to workers)', async () => {
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      const { child, pid, port, dir } = await runLeaky('hang')
      expect(isAlive(pid)).toBe(true)
      expect(await canConnect(port)).toBe(true)
      child.kill(signal)
      expect(await waitUntil(() => !isAlive(pid), 6_000)).toBe(true)
      expect(await waitUntil(() => !existsSync(dir), 3_000)).toBe(true)
    }
  })
})
