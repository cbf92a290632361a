import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort } from './free-port'
import { redisServerBinary } from './redis-server'
import { RespConnection, respCommand } from './resp-client'
import type { RespValue } from './resp'
import { spawnTracked } from './spawned'

export type StartSentinelOptions = {
  /** Port of the master to monitor (on 127.0.0.1). */
  masterPort: number
  /** Default `mymaster`. */
  masterName?: string
  /** Default 1. */
  quorum?: number
}

export type RedisSentinel = {
  port: number
  host: '127.0.0.1'
  url: string
  pid: number
  command(...args: (string | number)[]): Promise<RespValue>
  /** Polls `check` (up to 20 s) until it holds; throws with the sentinel's log otherwise. */
  waitFor(what: string, check: () => Promise<boolean>): Promise<void>
  stop(): Promise<void>
  logs(): string
}

const HOST = '127.0.0.1'
const READY_TIMEOUT_MS = 10_000
const WAIT_TIMEOUT_MS = 20_000

/**
 * Starts `redis-server sentinel.conf --sentinel` on a free loopback port, monitoring the master
 * at 127.0.0.1:masterPort, and waits until it answers PING. Its config lives in a fresh temp dir
 * (Sentinel rewrites it), removed on stop.
 */
export async function startSentinel(opts: StartSentinelOptions): Promise<RedisSentinel> {
  const bin = redisServerBinary()
  if (!bin) throw new Error('redis-server not found (install the redis-server package)')
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'redis-sentinel-'))
  const conf = join(dir, 'sentinel.conf')
  const name = opts.masterName ?? 'mymaster'
  writeFileSync(
    conf,
    [
      `port ${port}`,
      `bind ${HOST}`,
      `dir ${dir}`,
      'logfile ""',
      `sentinel monitor ${name} ${HOST} ${opts.masterPort} ${opts.quorum ?? 1}`,
      `sentinel down-after-milliseconds ${name} 5000`,
      '',
    ].join('\n')
  )
  const proc = spawnTracked(bin, [conf, '--sentinel'], { dir })
  const stop = async (): Promise<void> => void (await proc.stop())
  const waitFor = async (what: string, check: () => Promise<boolean>, ms = WAIT_TIMEOUT_MS) => {
    const deadline = Date.now() + ms
    let last = ''
    while (Date.now() < deadline) {
      try {
        if (await check()) return
      } catch (err) {
        last = err instanceof Error ? err.message : String(err)
      }
      await sleep(100)
    }
    throw new Error(
      `sentinel on ${port}: ${what} not reached (${last}):\n${proc.logs().slice(-4000)}`
    )
  }
  try {
    await waitFor(
      'PING',
      async () => {
        const conn = await RespConnection.open({ port, host: HOST, timeoutMs: 1_000 })
        try {
          return (await conn.call('PING')) === 'PONG'
        } finally {
          conn.close()
        }
      },
      READY_TIMEOUT_MS
    )
  } catch (err) {
    await stop()
    throw err
  }
  return {
    port,
    host: HOST,
    url: `redis://${HOST}:${port}`,
    pid: proc.pid,
    command: (...args) => respCommand({ port, host: HOST }, ...args),
    waitFor: (what, check) => waitFor(what, check),
    stop,
    logs: proc.logs,
  }
}
