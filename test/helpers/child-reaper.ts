import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'

/**
 * Process-wide registry of helper-spawned servers, so a failing or interrupted test never leaks them.
 *
 * Two layers:
 * 1. `process.on('exit')` SIGKILLs every tracked child and removes its temp dir. This covers normal
 *    exits and `process.exit()`, but NOT a worker killed by a signal: vitest stops its `forks` workers
 *    with SIGTERM (then SIGKILL after 500 ms), and no 'exit' event fires then.
 * 2. So each tracked child also gets a tiny detached `sh` watchdog that polls this process once a
 *    second and, once it is gone, SIGTERMs (then SIGKILLs) the child and removes the temp dir.
 */

type Entry = { child: ChildProcess; dir?: string; watchdog?: ChildProcess }

type Registry = { entries: Set<Entry>; installed: boolean }

// Shared through globalThis so that several module instances (vitest isolates modules per test file)
// in one process use one registry and one exit listener.
const KEY = Symbol.for('serverless-redis-exporter.test-helpers.child-registry')
const registry: Registry =
  ((globalThis as Record<symbol, unknown>)[KEY] as Registry | undefined) ??
  ((globalThis as Record<symbol, unknown>)[KEY] = { entries: new Set<Entry>(), installed: false })

const WATCHDOG_SCRIPT = [
  'parent=$1; child=$2; dir=$3',
  'while kill -0 "$parent" 2>/dev/null; do',
  '  kill -0 "$child" 2>/dev/null || exit 0',
  '  sleep 1',
  'done',
  'kill -TERM "$child" 2>/dev/null && sleep 1 && kill -KILL "$child" 2>/dev/null',
  'if [ -n "$dir" ]; then rm -rf -- "$dir"; fi',
].join('\n')

function killQuietly(child: ChildProcess | undefined, signal: NodeJS.Signals): void {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  try {
    child.kill(signal)
  } catch {
    // already gone
  }
}

function onExit(): void {
  for (const entry of registry.entries) {
    killQuietly(entry.child, 'SIGKILL')
    killQuietly(entry.watchdog, 'SIGKILL')
    if (entry.dir) rmSync(entry.dir, { recursive: true, force: true })
  }
  registry.entries.clear()
}

/**
 * Tracks a spawned child until the returned `release()` is called (after the caller stopped it).
 * `dir` is removed together with the child if the process dies first.
 */
export function trackChild(child: ChildProcess, opts: { dir?: string } = {}): () => void {
  if (!registry.installed) {
    process.on('exit', onExit)
    registry.installed = true
  }
  const entry: Entry = { child, dir: opts.dir }
  if (child.pid !== undefined) {
    try {
      const watchdog = spawn(
        'sh',
        [
          '-c',
          WATCHDOG_SCRIPT,
          'test-helper-watchdog',
          String(process.pid),
          String(child.pid),
          opts.dir ?? '',
        ],
        { detached: true, stdio: 'ignore' }
      )
      watchdog.on('error', () => undefined) // no sh: the exit hook still applies
      watchdog.unref()
      entry.watchdog = watchdog
    } catch {
      // the exit hook still applies
    }
  }
  registry.entries.add(entry)
  return () => {
    registry.entries.delete(entry)
    killQuietly(entry.watchdog, 'SIGKILL')
  }
}

/** Number of children currently tracked in this process (for self-tests). */
export function trackedChildCount(): number {
  return registry.entries.size
}
