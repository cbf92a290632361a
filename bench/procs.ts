import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { trackChild } from '../test/helpers/child-reaper'

const MAX_LOG_CHARS = 32 * 1024
const STOP_GRACE_MS = 5_000

export interface Proc {
  readonly pid: number
  readonly child: ChildProcess
  readonly exited: Promise<void>
  hasExited(): boolean
  logs(): string
  /** SIGTERM (SIGINT for Node, so --cpu-prof is written), SIGKILL after 5 s. Idempotent. */
  stop(): Promise<void>
}

const cleanups = new Set<() => Promise<void>>()

/** Registers an async cleanup run on normal end, failure and Ctrl-C; returns its remover. */
export function onCleanup(fn: () => Promise<void>): () => void {
  cleanups.add(fn)
  return () => cleanups.delete(fn)
}

/** Runs every registered cleanup (newest first), each at most once. */
export async function cleanupAll(): Promise<void> {
  const fns = [...cleanups].reverse()
  cleanups.clear()
  for (const fn of fns) {
    try {
      await fn()
    } catch (err) {
      console.error(`cleanup failed: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
}

let signalsInstalled = false

/** Ctrl-C / SIGTERM: stop everything we started, then exit 130. */
export function installSignalHandlers(): void {
  if (signalsInstalled) return
  signalsInstalled = true
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping every process the benchmark started…`)
      void cleanupAll().finally(() => process.exit(130))
    })
  }
}

/**
 * Spawns a child that is stopped by `stop()`, by `cleanupAll()`, on process exit and (through the
 * test helpers' watchdog) even when this process is killed.
 */
export function spawnProc(
  bin: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; stopSignal?: NodeJS.Signals; cwd?: string } = {}
): Proc {
  const child = spawn(bin, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: opts.env ?? process.env,
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
  })
  let logs = ''
  const append = (chunk: Buffer) => {
    logs += chunk.toString('utf8')
    if (logs.length > MAX_LOG_CHARS) logs = logs.slice(-MAX_LOG_CHARS)
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  let done = false
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      done = true
      resolve()
    })
    child.once('error', (err) => {
      append(Buffer.from(`spawn error: ${err.message}\n`))
      done = true
      resolve()
    })
  })
  const release = trackChild(child)
  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (!done) {
        child.kill(opts.stopSignal ?? 'SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
        await exited
        clearTimeout(timer)
      }
      release()
      removeCleanup()
    })())
  const removeCleanup = onCleanup(stop)
  return {
    pid: child.pid ?? -1,
    child,
    exited,
    hasExited: () => done,
    logs: () => logs,
    stop,
  }
}

/** Runs a command to completion; resolves with its output, rejects with it on a non-zero exit. */
export async function runToEnd(
  bin: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}
): Promise<string> {
  const proc = spawnProc(bin, args, opts)
  const timer = setTimeout(() => void proc.stop(), opts.timeoutMs ?? 120_000)
  await proc.exited
  clearTimeout(timer)
  await proc.stop()
  const code = proc.child.exitCode
  if (code !== 0) {
    throw new Error(
      `${bin} ${args.join(' ')} exited with ${code ?? proc.child.signalCode}:\n${proc.logs()}`
    )
  }
  return proc.logs()
}
