import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { trackChild } from './child-reaper'
import { freePort } from './free-port'
import { findBinary } from './which'

/**
 * Basic-auth credentials the helper's web config accepts. The bcrypt hash below is the example
 * from the Prometheus basic-auth guide (password `test`); no bcrypt tool is needed at test time.
 */
export const PUSHGATEWAY_USER = 'admin'
export const PUSHGATEWAY_PASSWORD = 'test'
const PASSWORD_HASH = '$2b$12$hNf2lSsxfm0.i4a.1kVpSOVyBCfIB51VRjgBUyv6kdnyTlgWj81Ay'

export type Pushgateway = {
  url: string
  port: number
  /** Headers for the helper's own requests (basic auth when enabled). */
  headers: Record<string, string>
  /** The Pushgateway's /metrics page. */
  metrics(): Promise<string>
  stop(): Promise<void>
  logs(): string
}

/** Debian's prometheus-pushgateway (`$PUSHGATEWAY_BIN`, else on PATH), if installed. */
export function pushgatewayBinary(): string | undefined {
  return findBinary(['prometheus-pushgateway', 'pushgateway'], 'PUSHGATEWAY_BIN')
}

/**
 * Starts a Pushgateway on a free loopback port, in memory only (no persistence file), optionally
 * behind basic auth (`PUSHGATEWAY_USER` / `PUSHGATEWAY_PASSWORD`), and waits until it answers.
 */
export async function startPushgateway(opts: { basicAuth?: boolean } = {}): Promise<Pushgateway> {
  const bin = pushgatewayBinary()
  if (!bin) throw new Error('prometheus-pushgateway not found (install prometheus-pushgateway)')
  const headers: Record<string, string> = opts.basicAuth
    ? {
        authorization: `Basic ${Buffer.from(`${PUSHGATEWAY_USER}:${PUSHGATEWAY_PASSWORD}`).toString('base64')}`,
      }
    : {}
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const dir = mkdtempSync(join(tmpdir(), 'pushgateway-test-'))
    const args = [
      `--web.listen-address=127.0.0.1:${port}`,
      '--persistence.file=',
      '--log.level=warn',
    ]
    if (opts.basicAuth) {
      const config = join(dir, 'web.yml')
      writeFileSync(config, `basic_auth_users:\n  ${PUSHGATEWAY_USER}: ${PASSWORD_HASH}\n`)
      args.push(`--web.config.file=${config}`)
    }
    let logs = ''
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.on('data', (d: Buffer) => (logs += d.toString()))
    child.stderr.on('data', (d: Buffer) => (logs += d.toString()))
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.once('error', () => resolve())
    })
    const release = trackChild(child, { dir })
    let stopping: Promise<void> | undefined
    const stop = () =>
      (stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM')
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
          await exited
          clearTimeout(timer)
        }
        rmSync(dir, { recursive: true, force: true })
        release()
      })())
    const url = `http://127.0.0.1:${port}`
    const deadline = Date.now() + 10_000
    let ready = false
    while (Date.now() < deadline && child.exitCode === null) {
      try {
        if ((await fetch(`${url}/-/ready`, { headers })).ok) {
          ready = true
          break
        }
      } catch {
        // not listening yet
      }
      await sleep(50)
    }
    if (!ready) {
      await stop()
      if (/address already in use/i.test(logs) && attempt < 5) continue
      throw new Error(`prometheus-pushgateway did not become ready on port ${port}:\n${logs}`)
    }
    return {
      url,
      port,
      headers,
      metrics: async () => {
        const res = await fetch(`${url}/metrics`, { headers })
        if (!res.ok) throw new Error(`pushgateway /metrics -> ${res.status}`)
        return res.text()
      },
      stop,
      logs: () => logs,
    }
  }
}
