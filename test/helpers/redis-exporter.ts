import { spawn } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { trackChild } from './child-reaper'
import { freePort } from './free-port'
import { findBinary } from './which'

export type StartRedisExporterOptions = {
  /** `-redis.addr`, e.g. `redis://127.0.0.1:6380` or `127.0.0.1:6380`. */
  redisAddr: string
  /** Passed through the `REDIS_PASSWORD` environment variable, never on the command line. */
  password?: string
  /** Extra exporter flags, e.g. ['-redis-only-metrics', '-check-keys', 'db0=user:*']. */
  extraArgs?: string[]
}

export type RedisExporter = {
  /** Base URL, `http://127.0.0.1:PORT` (no trailing slash). */
  url: string
  pid: number
  /** SIGTERM, wait for exit (SIGKILL after 5 s). Idempotent. */
  stop(): Promise<void>
  /** What the exporter logged so far (tail). */
  logs(): string
}

const HOST = '127.0.0.1'
const READY_TIMEOUT_MS = 10_000
const STOP_GRACE_MS = 5_000
const MAX_PORT_ATTEMPTS = 8
const MAX_LOG_CHARS = 64 * 1024

/**
 * The reference redis_exporter binary: `$REDIS_EXPORTER_BIN`, else Debian's
 * /usr/bin/prometheus-redis-exporter, else `redis_exporter` on PATH. Undefined when missing.
 */
export function redisExporterBinary(): string | undefined {
  return findBinary(
    ['/usr/bin/prometheus-redis-exporter', 'prometheus-redis-exporter', 'redis_exporter'],
    'REDIS_EXPORTER_BIN'
  )
}

/** Environment for the exporter: ours minus any REDIS_* / REDIS_EXPORTER_* settings (hermetic). */
function exporterEnv(password: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('REDIS_')) env[k] = v
  if (password !== undefined) env.REDIS_PASSWORD = password
  return env
}

/**
 * Starts the reference exporter on a free loopback port and waits until `/health` answers.
 * Resolves undefined when the binary is not installed (use with `it.skipIf`).
 */
export async function startRedisExporter(
  opts: StartRedisExporterOptions
): Promise<RedisExporter | undefined> {
  const bin = redisExporterBinary()
  if (!bin) return undefined

  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const listen = `${HOST}:${port}`
    const child = spawn(
      bin,
      ['-redis.addr', opts.redisAddr, '-web.listen-address', listen, ...(opts.extraArgs ?? [])],
      { stdio: ['ignore', 'pipe', 'pipe'], env: exporterEnv(opts.password) }
    )
    let logs = ''
    const append = (chunk: Buffer) => {
      logs += chunk.toString('utf8')
      if (logs.length > MAX_LOG_CHARS) logs = logs.slice(-MAX_LOG_CHARS)
    }
    child.stdout.on('data', append)
    child.stderr.on('data', append)
    let exited = false
    const exit = new Promise<void>((resolve) => {
      child.once('exit', () => {
        exited = true
        resolve()
      })
      child.once('error', (err) => {
        append(Buffer.from(`spawn error: ${err.message}\n`))
        exited = true
        resolve()
      })
    })
    const release = trackChild(child)
    let stopping: Promise<void> | undefined
    const stop = () =>
      (stopping ??= (async () => {
        if (!exited) {
          child.ref()
          child.kill('SIGTERM')
          const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
          await exit
          clearTimeout(timer)
        }
        release()
      })())

    const url = `http://${listen}`
    let lastError = 'no attempt yet'
    let ready = false
    const deadline = Date.now() + READY_TIMEOUT_MS
    while (Date.now() < deadline && !exited) {
      try {
        const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) })
        await res.text()
        if (res.ok) {
          // A bind failure makes the exporter exit at once; give it a moment so a foreign server
          // that happened to hold the port is not mistaken for ours.
          await sleep(50)
          if (!exited) {
            ready = true
            break
          }
        }
        lastError = `HTTP ${res.status}`
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err)
      }
      await sleep(50)
    }
    if (ready) {
      child.unref()
      for (const stream of [child.stdout, child.stderr] as unknown[]) {
        ;(stream as { unref?: () => void }).unref?.()
      }
      return { url, pid: child.pid ?? -1, stop, logs: () => logs }
    }
    await stop()
    if (/address already in use/i.test(logs) && attempt < MAX_PORT_ATTEMPTS) continue
    throw new Error(
      exited
        ? `redis_exporter exited before it was ready:\n${logs}`
        : `redis_exporter /health did not answer within ${READY_TIMEOUT_MS} ms (${lastError}):\n${logs}`
    )
  }
}

/**
 * GETs the metrics page and returns its body. `url` is the exporter's base URL (then `/metrics` is
 * appended) or a full URL with a path such as `/scrape?target=...` (used as is). Throws on non-2xx.
 */
export async function scrapeText(url: string): Promise<string> {
  const parsed = new URL(url)
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/metrics'
  const res = await fetch(parsed, { signal: AbortSignal.timeout(20_000) })
  const body = await res.text()
  if (!res.ok) throw new Error(`GET ${parsed.href} → HTTP ${res.status}: ${body.slice(0, 500)}`)
  return body
}
