import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { trackChild } from './child-reaper'
import { freePort } from './free-port'

const ENTRY = fileURLToPath(new URL('../../functions/node.ts', import.meta.url))

export interface NodeExporter {
  readonly child: ChildProcess
  /** `http://127.0.0.1:PORT`. */
  readonly url: string
  /** Everything it wrote to stdout and stderr so far. */
  output(): string
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>
}

/**
 * The Node server entry (functions/node.ts, through tsx) in its own process on a free port, with
 * only PATH and `env` in its environment; resolves once /health answers. Tracked by the child
 * reaper, so a failing test never leaks it.
 */
export async function startNodeExporter(env: Record<string, string>): Promise<NodeExporter> {
  const port = await freePort()
  let output = ''
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    env: {
      PATH: process.env['PATH'] ?? '',
      REDIS_EXPORTER_WEB_LISTEN_ADDRESS: `127.0.0.1:${port}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const release = trackChild(child)
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  const url = `http://127.0.0.1:${port}`
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    release()
    return child.exitCode
  }
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${output}`)
    try {
      if ((await fetch(`${url}/health`)).ok) return { child, url, output: () => output, stop }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  child.kill('SIGKILL')
  release()
  throw new Error(`did not start: ${output}`)
}
