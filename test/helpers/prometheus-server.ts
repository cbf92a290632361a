import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort } from './free-port'
import { spawnTracked } from './spawned'
import { findBinary } from './which'

/** One sample of an instant vector, as the HTTP API returns it. */
export type PromSample = { metric: Record<string, string>; value: [number, string] }

export type PromQueryData =
  | { resultType: 'vector'; result: PromSample[] }
  | {
      resultType: 'matrix'
      result: { metric: Record<string, string>; values: [number, string][] }[]
    }
  | { resultType: 'scalar' | 'string'; result: [number, string] }

export type PrometheusServer = {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  url: string
  /** The temp dir holding prometheus.yml and the TSDB; removed by stop(). */
  dir: string
  /** An instant query at the current time; throws on an HTTP or PromQL error. */
  query(expr: string): Promise<PromQueryData>
  /** GET `/api/v1/<path>` and return its `data`; throws unless `status` is success. */
  api<T>(path: string): Promise<T>
  /** SIGTERM, wait for exit (SIGKILL after 5 s), remove the temp dir. Idempotent. */
  stop(): Promise<void>
  /** What Prometheus logged so far (tail). */
  logs(): string
}

const HOST = '127.0.0.1'
const READY_TIMEOUT_MS = 20_000
const MAX_PORT_ATTEMPTS = 8

/** The Prometheus server binary (`$PROMETHEUS_BIN`, else `prometheus` on PATH), if any. */
export function prometheusBinary(): string | undefined {
  return findBinary(['prometheus'], 'PROMETHEUS_BIN')
}

/**
 * Starts a private Prometheus (Debian's `prometheus` package) on a free loopback port with
 * `config` as its prometheus.yml and a fresh TSDB in a temp dir; resolves once `/-/ready` is 200.
 */
export async function startPrometheus(config: string): Promise<PrometheusServer> {
  const bin = prometheusBinary()
  if (!bin) throw new Error('prometheus not found (install the Debian prometheus package)')
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'prometheus-test-'))
    writeFileSync(join(dir, 'prometheus.yml'), config)
    const port = await freePort()
    const args = [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=${HOST}:${port}`,
      '--log.level=warn',
    ]
    const proc = spawnTracked(bin, args, { cwd: dir, dir })
    const url = `http://${HOST}:${port}`
    if (await waitReady(url, proc.hasExited)) {
      const stop = async () => void (await proc.stop())
      return {
        url,
        dir,
        query: (e) => query(url, e),
        api: (p) => api(url, p),
        stop,
        logs: proc.logs,
      }
    }
    await proc.stop()
    if (/address already in use/i.test(proc.logs()) && attempt < MAX_PORT_ATTEMPTS) continue
    throw new Error(
      `prometheus did not become ready within ${READY_TIMEOUT_MS} ms:\n${proc.logs()}`
    )
  }
}

async function waitReady(url: string, exited: () => boolean): Promise<boolean> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline && !exited()) {
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) })
      await res.text()
      if (res.ok) return true
    } catch {
      // not listening yet
    }
    await sleep(100)
  }
  return false
}

async function api<T>(url: string, path: string): Promise<T> {
  const res = await fetch(`${url}/api/v1/${path}`, { signal: AbortSignal.timeout(10_000) })
  const body = (await res.json()) as { status: string; data?: T; error?: string }
  if (body.status !== 'success' || body.data === undefined) {
    throw new Error(`GET /api/v1/${path}: HTTP ${res.status}, ${body.error ?? 'no data'}`)
  }
  return body.data
}

async function query(url: string, expr: string): Promise<PromQueryData> {
  try {
    return await api<PromQueryData>(url, `query?query=${encodeURIComponent(expr)}`)
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n  query: ${expr}`)
  }
}
