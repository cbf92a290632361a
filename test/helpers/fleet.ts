import { spawnTracked } from './spawned'

/** What the fleet process serves: `targets` fake servers; by index, some failing, some slow. */
export interface FleetSpec {
  readonly targets: number
  /** Indexes of servers that drop every connection at its first command (the target is down). */
  readonly failing: readonly number[]
  /** Indexes of servers that answer every command `slowMs` late. */
  readonly slow: readonly number[]
  readonly slowMs: number
}

export interface Fleet {
  /** Port of server i, in spec order. */
  readonly ports: readonly number[]
  stop(): Promise<void>
}

const MAIN = new URL('./fleet-main.ts', import.meta.url).pathname

/**
 * Starts the simulated fleet: ONE child process (test/helpers/fleet-main.ts) serving every fake
 * Redis on its own loopback port, so the exporter under test does not share its event loop with
 * the servers. Resolves once every port listens (within `startMs`).
 */
export async function startFleet(spec: FleetSpec, startMs = 30_000): Promise<Fleet> {
  const proc = spawnTracked(process.execPath, ['--import', 'tsx', MAIN, JSON.stringify(spec)], {
    env: { ...process.env },
  })
  const deadline = Date.now() + startMs
  while (Date.now() < deadline) {
    const line = /^FLEET (.*)$/m.exec(proc.logs())?.[1]
    if (line) {
      const { ports } = JSON.parse(line) as { ports: number[] }
      return { ports, stop: async () => void (await proc.stop()) }
    }
    if (proc.hasExited()) break
    await new Promise((r) => setTimeout(r, 25))
  }
  await proc.stop()
  throw new Error(`the fleet process did not start:\n${proc.logs()}`)
}

/** `count` indexes spread evenly over `targets` from `offset` (every `targets/count`-th). */
export function spread(targets: number, count: number, offset = 0): number[] {
  return Array.from(
    { length: count },
    (_, i) => (offset + Math.floor((i * targets) / count)) % targets
  )
}
