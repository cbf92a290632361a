import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { trackChild } from './child-reaper'
import { freePort } from './free-port'
import { RespConnection, respCommand } from './resp-client'
import type { RespValue } from './resp'
import { findBinary } from './which'

export type StartRedisOptions = {
  /** Extra redis-server arguments, appended last (so they override the helper's defaults). */
  args?: string[]
  /** Sets `--requirepass`; every helper connection then AUTHs. */
  password?: string
  /** Commands renamed away (`--rename-command X ""`), e.g. ['CONFIG', 'LATENCY', 'SLOWLOG']. */
  renameCommands?: string[]
  /** Starts a replica of this master (`--replicaof`, `--masterauth`); waits for master_link_status:up. */
  replicaOf?: { port: number; password?: string }
}

export type RedisServer = {
  port: number
  host: '127.0.0.1'
  /** `redis://127.0.0.1:PORT` (no credentials). */
  url: string
  password?: string
  pid: number
  /** One command over a fresh raw RESP connection (AUTH first if the server has a password). */
  command(...args: (string | number)[]): Promise<RespValue>
  /** SIGTERM, wait for exit (SIGKILL after 5 s), remove the temp dir. Idempotent. */
  stop(): Promise<void>
  /** What redis-server printed so far (tail), for debugging failed tests. */
  logs(): string
}

const HOST = '127.0.0.1'
const READY_TIMEOUT_MS = 10_000
const REPLICA_LINK_TIMEOUT_MS = 20_000
const STOP_GRACE_MS = 5_000
const MAX_PORT_ATTEMPTS = 8
const MAX_LOG_CHARS = 64 * 1024

/** The redis-server binary (`$REDIS_SERVER_BIN`, else redis-server on PATH), if any. */
export function redisServerBinary(): string | undefined {
  return findBinary(['redis-server'], 'REDIS_SERVER_BIN')
}

class PortInUseError extends Error {}

type Exit = { code: number | null; signal: NodeJS.Signals | null }

type Spawned = {
  child: ChildProcess
  exited: Promise<Exit>
  hasExited: () => boolean
  logs: () => string
}

function spawnWithLogs(bin: string, args: string[]): Spawned {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let logs = ''
  const append = (chunk: Buffer) => {
    logs += chunk.toString('utf8')
    if (logs.length > MAX_LOG_CHARS) logs = logs.slice(-MAX_LOG_CHARS)
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  let done = false
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true
      resolve({ code, signal })
    })
    child.once('error', (err) => {
      // spawn failure (ENOENT, EACCES): there will be no 'exit'
      append(Buffer.from(`spawn error: ${err.message}\n`))
      done = true
      resolve({ code: null, signal: null })
    })
  })
  return { child, exited, hasExited: () => done, logs: () => logs }
}

function setRef(spawned: Spawned, ref: boolean): void {
  const handles: unknown[] = [spawned.child, spawned.child.stdout, spawned.child.stderr]
  for (const h of handles) {
    const handle = h as { ref?: () => void; unref?: () => void } | null | undefined
    if (ref) handle?.ref?.()
    else handle?.unref?.()
  }
}

async function stopSpawned(spawned: Spawned, graceMs = STOP_GRACE_MS): Promise<Exit> {
  if (spawned.hasExited()) return spawned.exited
  setRef(spawned, true)
  spawned.child.kill('SIGTERM')
  const timer = setTimeout(() => spawned.child.kill('SIGKILL'), graceMs)
  try {
    return await spawned.exited
  } finally {
    clearTimeout(timer)
  }
}

function infoField(info: RespValue, field: string): string | undefined {
  if (typeof info !== 'string') return undefined
  const prefix = `${field}:`
  return info
    .split('\r\n')
    .find((l) => l.startsWith(prefix))
    ?.slice(prefix.length)
}

function describeExit(exit: Exit, logs: string): string {
  const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`
  return `redis-server exited (${how}) before it was ready:\n${logs.trim().split('\n').slice(-20).join('\n')}`
}

/** Polls PING until this child (checked by INFO's process_id) answers. Throws on exit or timeout. */
async function waitReady(
  spawned: Spawned,
  port: number,
  password: string | undefined
): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  let lastError = 'no attempt yet'
  while (Date.now() < deadline) {
    if (spawned.hasExited()) {
      const exit = await spawned.exited
      const logs = spawned.logs()
      if (/Address already in use/i.test(logs)) throw new PortInUseError(describeExit(exit, logs))
      throw new Error(describeExit(exit, logs))
    }
    try {
      const conn = await RespConnection.open({ port, host: HOST, password, timeoutMs: 1_000 })
      try {
        const pong = await conn.call('PING')
        if (pong !== 'PONG') throw new Error(`PING answered ${JSON.stringify(pong)}`)
        // A port race could mean another test's server answers here: make sure it is ours.
        let info: RespValue | undefined
        try {
          info = await conn.call('INFO', 'server')
        } catch {
          info = undefined // INFO renamed away: fall back to "our child is still alive"
        }
        const pid = info === undefined ? undefined : infoField(info, 'process_id')
        if (pid !== undefined && pid !== String(spawned.child.pid)) {
          throw new Error(`port ${port} is answered by another redis-server (pid ${pid})`)
        }
        if (!spawned.hasExited()) return
      } finally {
        conn.close()
      }
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err)
    }
    await sleep(50)
  }
  throw new Error(
    `redis-server on port ${port} did not answer PING within ${READY_TIMEOUT_MS} ms (last error: ${lastError}):\n${spawned.logs()}`
  )
}

async function waitReplicaLinkUp(port: number, password: string | undefined): Promise<void> {
  const deadline = Date.now() + REPLICA_LINK_TIMEOUT_MS
  let status: string | undefined
  while (Date.now() < deadline) {
    const info = await respCommand({ port, host: HOST, password }, 'INFO', 'replication')
    status = infoField(info, 'master_link_status')
    if (status === 'up') return
    await sleep(50)
  }
  throw new Error(
    `replica on port ${port}: master_link_status is ${status ?? 'missing'} after ${REPLICA_LINK_TIMEOUT_MS} ms`
  )
}

function buildArgs(port: number, dir: string, opts: StartRedisOptions): string[] {
  const args = [
    '--port',
    String(port),
    '--bind',
    HOST,
    '--daemonize',
    'no',
    '--logfile',
    '',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    // Full syncs start at once instead of after the 5 s default delay (replica tests stay fast).
    '--repl-diskless-sync-delay',
    '0',
  ]
  if (opts.password !== undefined) args.push('--requirepass', opts.password)
  for (const cmd of opts.renameCommands ?? []) args.push('--rename-command', cmd, '')
  if (opts.replicaOf) {
    args.push('--replicaof', HOST, String(opts.replicaOf.port))
    if (opts.replicaOf.password !== undefined) args.push('--masterauth', opts.replicaOf.password)
  }
  args.push(...(opts.args ?? []))
  return args
}

/**
 * Starts a private redis-server (child process, not daemonized) on a free loopback port with a fresh
 * temp dir, and waits until it answers PING (and, for a replica, until its master link is up).
 */
export async function startRedis(opts: StartRedisOptions = {}): Promise<RedisServer> {
  const bin = redisServerBinary()
  if (!bin) throw new Error('redis-server not found (install the redis-server package)')

  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const dir = mkdtempSync(join(tmpdir(), 'redis-test-'))
    const spawned = spawnWithLogs(bin, buildArgs(port, dir, opts))
    const release = trackChild(spawned.child, { dir })
    const cleanup = async () => {
      await stopSpawned(spawned)
      rmSync(dir, { recursive: true, force: true })
      release()
    }
    try {
      await waitReady(spawned, port, opts.password)
      if (opts.replicaOf) await waitReplicaLinkUp(port, opts.password)
    } catch (err) {
      await cleanup()
      if (err instanceof PortInUseError && attempt < MAX_PORT_ATTEMPTS) continue
      throw err
    }
    setRef(spawned, false) // a forgotten server must not keep a plain node script alive

    let stopping: Promise<void> | undefined
    const server: RedisServer = {
      port,
      host: HOST,
      url: `redis://${HOST}:${port}`,
      pid: spawned.child.pid ?? -1,
      command: (...args) => respCommand({ port, host: HOST, password: opts.password }, ...args),
      stop: () => (stopping ??= cleanup()),
      logs: spawned.logs,
    }
    if (opts.password !== undefined) server.password = opts.password
    return server
  }
}

function isUnknownCommand(err: unknown): boolean {
  return err instanceof Error && /^ERR unknown command/i.test(err.message)
}

/** Runs a command that must fail; returns the error message. */
async function expectErrorReply(
  conn: RespConnection,
  ...args: (string | number)[]
): Promise<string> {
  try {
    await conn.call(...args)
  } catch (err) {
    if (err instanceof Error) return err.message
    throw err
  }
  throw new Error(`${args.join(' ')} was expected to fail but succeeded`)
}

export type SeedOptions = {
  /**
   * Also write the 2 plain keys in db3. Default true. The reference capture
   * (redis_exporter-1.45/default.prom) shows db3 empty; pass false to reproduce it exactly.
   */
  db3?: boolean
}

/** Lua loop that burns ~25 ms of CPU (wall-clock via TIME) inside one EVAL. */
const BUSY_LOOP_SCRIPT = `
local t0 = redis.call('TIME')
local start = tonumber(t0[1]) * 1000000 + tonumber(t0[2])
local n = 0
repeat
  n = n + 1
  local t = redis.call('TIME')
until (tonumber(t[1]) * 1000000 + tonumber(t[2])) - start >= tonumber(ARGV[1])
return n
`

/** Runs `work` on a fresh RESP connection to `server` (authenticated), closed afterwards. */
export async function withConnection<T>(
  server: RedisServer,
  work: (conn: RespConnection) => Promise<T>
): Promise<T> {
  const conn = await RespConnection.open({
    port: server.port,
    host: server.host,
    password: server.password,
  })
  try {
    return await work(conn)
  } finally {
    conn.close()
  }
}

/**
 * Writes the dataset and activity of the reference capture (see the docs in
 * /work/shared/reference/redis_exporter.md §7.1): db0 has 10 keys (1 expiring), db1 3 keys
 * (1 expiring), db3 2 keys; keyspace hits/misses, error replies, a latency spike and a slowlog entry.
 * CONFIG SET is skipped when CONFIG is renamed away. Leaves the server's connection on db0.
 */
export async function seedStandardDataset(
  server: RedisServer,
  opts: SeedOptions = {}
): Promise<void> {
  await withConnection(server, async (conn) => {
    const call = (...args: (string | number)[]) => conn.call(...args)

    // db0: 10 keys, 1 expiring
    await call('SELECT', 0)
    await call('SET', 'user:1', 'alice')
    await call('SET', 'counter', 42)
    await call('INCR', 'counter')
    await call('EVAL', "return redis.call('incr', KEYS[1])", 1, 'counter') // → 44
    await call('SET', 'pi', '3.14')
    await call('SETEX', 'session:abc', 3600, 'token')
    await call('LPUSH', 'mylist', 'a', 'b', 'c')
    await call('SADD', 'myset', 'x', 'y', 'z')
    await call('ZADD', 'myzset', 1, 'one', 2, 'two')
    await call('HSET', 'myhash', 'field1', 'value1', 'field2', 'value2')
    await call('PFADD', 'myhll', 'a', 'b', 'c', 'd')
    for (let i = 1; i <= 3; i++) await call('XADD', 'mystream', '*', 'n', i)
    await call('XGROUP', 'CREATE', 'mystream', 'grp1', '0')
    await call('XREADGROUP', 'GROUP', 'grp1', 'consumer1', 'COUNT', 2, 'STREAMS', 'mystream', '>')

    // db1: 3 keys, 1 expiring
    await call('SELECT', 1)
    await call('SET', 'db1key', 'hello')
    await call('SETEX', 'db1exp', 7200, 'bye')
    await call('RPUSH', 'db1list', 1, 2, 3, 4, 5)

    // db3: 2 plain keys (MSET keeps the `set` commandstats count equal to the capture's)
    if (opts.db3 ?? true) {
      await call('SELECT', 3)
      await call('MSET', 'db3key1', 'one', 'db3key2', 'two')
    }

    // reads: a keyspace hit and a miss, HGETALL, LRANGE
    await call('SELECT', 0)
    await call('GET', 'user:1')
    await call('GET', 'no-such-key')
    await call('HGETALL', 'myhash')
    await call('LRANGE', 'mylist', 0, -1)

    for (const [name, value] of [
      ['latency-monitor-threshold', '10'],
      ['slowlog-log-slower-than', '10000'],
    ] as const) {
      try {
        await call('CONFIG', 'SET', name, value)
      } catch (err) {
        if (!isUnknownCommand(err)) throw err // CONFIG renamed away: managed-service simulation
      }
    }

    // two error replies, on purpose
    await expectErrorReply(conn, 'INCRBYFLOAT', 'user:1', 1) // ERR value is not a valid float
    await expectErrorReply(conn, 'NOSUCHCMD') // ERR unknown command 'NOSUCHCMD'

    // ~25 ms of CPU in one EVAL: a `command` latency spike and a slowlog entry
    await call('EVAL', BUSY_LOOP_SCRIPT, 0, 25_000)

    await call('SELECT', 0)
  })
}
