import { execFile, spawn } from 'node:child_process'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { trackChild } from './child-reaper'
import { freePort } from './free-port'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const READY_TIMEOUT_MS = 20_000
const STOP_GRACE_MS = 5_000
const MAX_PORT_ATTEMPTS = 8
const MAX_LOG_CHARS = 64 * 1024

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
    const child = spawn(opts.command ?? process.execPath, opts.args, {
      cwd: opts.cwd ?? ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        ...opts.env,
        REDIS_EXPORTER_WEB_LISTEN_ADDRESS: address,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.uid !== undefined ? { uid: opts.uid } : {}),
      ...(opts.gid !== undefined ? { gid: opts.gid } : {}),
      // Own process group: `npm start` runs a shell that runs node; stop() signals all of them.
      detached: true,
    })
    let logs = ''
    const append = (chunk: Buffer) => {
      logs += chunk.toString('utf8')
      if (logs.length > MAX_LOG_CHARS) logs = logs.slice(-MAX_LOG_CHARS)
    }
    child.stdout.on('data', append)
    child.stderr.on('data', append)
    let code: number | null | undefined
    const exit = new Promise<number | null>((resolve) => {
      child.once('exit', (c) => resolve((code = c)))
      child.once('error', (err) => {
        append(Buffer.from(`spawn error: ${err.message}\n`))
        resolve((code = null))
      })
    })
    const release = trackChild(child)
    const signal = (sig: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, sig)
      } catch {
        // the group is gone
      }
    }
    let stopping: Promise<number | null> | undefined
    const stop = () =>
      (stopping ??= (async () => {
        if (code === undefined) signal('SIGTERM')
        const timer = setTimeout(() => signal('SIGKILL'), STOP_GRACE_MS)
        const c = await exit
        clearTimeout(timer)
        signal('SIGKILL') // anything of the group still alive (a shell's child)
        release()
        return c
      })())

    const url = `http://${address}`
    const deadline = Date.now() + READY_TIMEOUT_MS
    while (Date.now() < deadline && code === undefined) {
      try {
        const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) })
        if (res.ok && (await res.text()) === 'ok')
          return { url, address, pid: child.pid ?? -1, stop, logs: () => logs }
      } catch {
        // not listening yet
      }
      await sleep(100)
    }
    await stop()
    if (/EADDRINUSE/.test(logs) && attempt < MAX_PORT_ATTEMPTS) continue
    throw new Error(`the exporter did not answer /health within ${READY_TIMEOUT_MS} ms:\n${logs}`)
  }
}
