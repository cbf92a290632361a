import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { freePort } from './free-port'
import { spawnTracked } from './spawned'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const READY_TIMEOUT_MS = 20_000
const MAX_PORT_ATTEMPTS = 8

/** Bundles `functions/node.ts` with scripts/build.mjs into `outdir`; returns the bundle's path. */
export async function buildNodeBundle(
  outdir: string,
  env: NodeJS.ProcessEnv = {}
): Promise<string> {
  await run(process.execPath, ['scripts/build.mjs', 'node'], {
    cwd: ROOT,
    env: { ...process.env, ...env, BUILD_OUTDIR: outdir },
  })
  return join(outdir, 'node.mjs')
}

export type ExporterProcess = {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  url: string
  /** `127.0.0.1:PORT`, for a Prometheus target. */
  address: string
  /** The spawned process (with `npm start`: npm, whose children share its process group). */
  pid: number
  /** SIGTERM to the whole process group, wait (SIGKILL after 5 s); the exit code. Idempotent. */
  stop(): Promise<number | null>
  /** What the process wrote to stdout and stderr so far (tail). */
  logs(): string
}

export type StartExporterOptions = {
  /** The program; default: this Node. */
  command?: string
  /** Its arguments, e.g. ['dist/node.mjs'] or ['start']. */
  args: string[]
  cwd?: string
  /** The environment besides PATH and HOME (nothing else is inherited); the listen address is set. */
  env?: Record<string, string>
  /** Run as this user and group (needs root). */
  uid?: number
  gid?: number
}

/**
 * Starts the Node server (or `npm start`) in its own process group with a listen address on a
 * free loopback port, and waits until `/health` answers 200.
 */
export async function startExporterProcess(opts: StartExporterOptions): Promise<ExporterProcess> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const address = `127.0.0.1:${port}`
    const proc = spawnTracked(opts.command ?? process.execPath, opts.args, {
      cwd: opts.cwd ?? ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        ...opts.env,
        REDIS_EXPORTER_WEB_LISTEN_ADDRESS: address,
      },
      ...(opts.uid !== undefined ? { uid: opts.uid } : {}),
      ...(opts.gid !== undefined ? { gid: opts.gid } : {}),
      // `npm start` runs a shell that runs node: stop() signals all of them.
      group: true,
    })
    const url = `http://${address}`
    if (await answersHealth(url, proc.hasExited)) {
      return { url, address, pid: proc.pid, stop: proc.stop, logs: proc.logs }
    }
    await proc.stop()
    if (/EADDRINUSE/.test(proc.logs()) && attempt < MAX_PORT_ATTEMPTS) continue
    throw new Error(
      `the exporter did not answer /health within ${READY_TIMEOUT_MS} ms:\n${proc.logs()}`
    )
  }
}

async function answersHealth(url: string, exited: () => boolean): Promise<boolean> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline && !exited()) {
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) })
      if (res.ok && (await res.text()) === 'ok') return true
    } catch {
      // not listening yet
    }
    await sleep(100)
  }
  return false
}
