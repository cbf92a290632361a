import { spawn } from 'node:child_process'
import type { SpawnOptions } from 'node:child_process'
import { rmSync } from 'node:fs'
import { trackChild } from './child-reaper'

const STOP_GRACE_MS = 5_000
const MAX_LOG_CHARS = 64 * 1024

export type Spawned = {
  pid: number
  /** stdout and stderr so far (tail). */
  logs(): string
  hasExited(): boolean
  /**
   * SIGTERM (to the process group when spawned with `group`), SIGKILL after 5 s, then remove
   * `dir` if given; resolves with the exit code. Idempotent.
   */
  stop(): Promise<number | null>
}

/**
 * Spawns a server process for a test: output captured, tracked by the child reaper (with `dir`,
 * removed together with it), optionally in its own process group (`group`: a shell and its
 * children are stopped together).
 */
export function spawnTracked(
  command: string,
  args: string[],
  opts: SpawnOptions & { group?: boolean; dir?: string }
): Spawned {
  const { group, dir, ...options } = opts
  const child = spawn(command, args, {
    ...options,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: group,
  })
  let logs = ''
  const append = (chunk: Buffer) => {
    logs += chunk.toString('utf8')
    if (logs.length > MAX_LOG_CHARS) logs = logs.slice(-MAX_LOG_CHARS)
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  let exited = false
  const exit = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(((exited = true), code)))
    child.once('error', (err) => {
      append(Buffer.from(`spawn error: ${err.message}\n`))
      resolve(((exited = true), null))
    })
  })
  const release = trackChild(child, dir ? { dir } : {})
  const signal = (sig: NodeJS.Signals) => {
    try {
      if (group && child.pid !== undefined) process.kill(-child.pid, sig)
      else if (!exited) child.kill(sig)
    } catch {
      // already gone
    }
  }
  let stopping: Promise<number | null> | undefined
  const stop = () =>
    (stopping ??= (async () => {
      if (!exited) signal('SIGTERM')
      const timer = setTimeout(() => signal('SIGKILL'), STOP_GRACE_MS)
      const code = await exit
      clearTimeout(timer)
      if (group) signal('SIGKILL') // whatever of the group outlived its leader
      if (dir) rmSync(dir, { recursive: true, force: true })
      release()
      return code
    })())
  return { pid: child.pid ?? -1, logs: () => logs, hasExited: () => exited, stop }
}
