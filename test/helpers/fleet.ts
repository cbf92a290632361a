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
  /** Per server, in spec order: connections accepted so far, and open now. */
  stats(): Promise<{ accepted: number[]; open: number[] }>
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
      return { ports, stats: statsOf(proc), stop: async () => void (await proc.stop()) }
    }
    if (proc.hasExited()) break
    await new Promise((r) => setTimeout(r, 25))
  }
  await proc.stop()
  throw new Error(`the fleet process did not start:\n${proc.logs()}`)
}

type Stats = { n: number; accepted: number[]; open: number[] }

/** Asks the fleet process for its connection counts (SIGUSR2) and reads its answer. */
function statsOf(proc: ReturnType<typeof spawnTracked>) {
  let asked = 0
  return async (): Promise<{ accepted: number[]; open: number[] }> => {
    const n = ++asked
    process.kill(proc.pid, 'SIGUSR2')
    const deadline = Date.now() + 10_000
    while (Date.now() < deadline) {
      const lines = [...proc.logs().matchAll(/^STATS (.*)$/gm)].map(
        (m) => JSON.parse(m[1]!) as Stats
      )
      const found = lines.find((l) => l.n === n)
      if (found) return { accepted: found.accepted, open: found.open }
      await new Promise((r) => setTimeout(r, 20))
    }
    throw new Error('the fleet process did not report its connections')
  }
}

/** `count` indexes spread evenly over `targets` from `offset` (every `targets/count`-th). */
export function spread(targets: number, count: number, offset = 0): number[] {
  return Array.from(
    { length: count },
    (_, i) => (offset + Math.floor((i * targets) / count)) % targets
  )
}
