// `npm run bench:fleet`: a fleet of BENCH_FLEET_TARGETS (default 1,000) fake Redis targets on
// loopback (one process, test/helpers/fleet-main.ts), pushed through N = 1, 2, 4, 8 shards, each
// shard its own process (bench/fleet-shard.ts: one Lambda container). Per N, two measurements:
// - "all at once on this machine": every shard fires together, as the schedules do, and the wall
//   time runs from the schedule to the last shard done; here the N processes and the fake fleet
//   share the machine's cores, which a production run does not;
// - "isolated": fresh shard processes pushed one after the other, each alone on the machine; the
//   longest shard is the run's wall time when every shard has its own Lambda vCPU.
// Both cold (first push: connects) and warm (the next), and the CPU per target. Results go to the
// `fleet` key of bench/results.json (BENCH_RESULTS).
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { trackChild } from '../test/helpers/child-reaper'
import { startFleet } from '../test/helpers/fleet'

interface ShardRun {
  readonly ms: number
  readonly cpuMs: number
  readonly targets: number
  readonly up: number
}

export interface FleetPoint {
  readonly shards: number
  /** Schedule fired → last shard done, ms: first push of fresh containers. */
  readonly coldWallMs: number
  /** The same on the next push, warm containers. */
  readonly warmWallMs: number
  /** CPU of every shard on the warm push, summed, per target, ms. */
  readonly warmCpuMsPerTarget: number
  readonly targetsReported: number
  /** Each shard alone, one after the other: the longest shard's first push, ms. */
  readonly isolatedColdMs: number
  /** The same on the next push of each (warm). */
  readonly isolatedWarmMs: number
  /** CPU of every shard's isolated warm push, summed, per target, ms. */
  readonly isolatedCpuMsPerTarget: number
}

const ROOT = resolve(new URL('..', import.meta.url).pathname)
const TARGETS = Number(process.env['BENCH_FLEET_TARGETS'] ?? 1000)
const SHARD_COUNTS = (process.env['BENCH_FLEET_SHARDS'] ?? '1,2,4,8').split(',').map(Number)

/** One shard process; `run()` pushes once and resolves with its report. */
function shardProcess(targets: string, shard: number, of: number) {
  const args = ['--import', 'tsx', 'bench/fleet-shard.ts', JSON.stringify({ targets, shard, of })]
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const release = trackChild(child)
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]()
  const next = async (prefix: string): Promise<string> => {
    for (;;) {
      const { value, done } = await lines.next()
      if (done) throw new Error(`shard ${shard}/${of} exited`)
      if (value.startsWith(prefix)) return value.slice(prefix.length)
    }
  }
  return {
    ready: next('READY'),
    run: async (at: string): Promise<ShardRun> => {
      child.stdin!.write(`run ${at}\n`)
      return JSON.parse(await next('DONE ')) as ShardRun
    },
    stop: () => {
      child.stdin!.end()
      child.kill('SIGTERM')
      release()
    },
  }
}

type ShardProcess = ReturnType<typeof shardProcess>

const minuteAt = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute)).toISOString()

/** Fresh processes for the N shards of `targets`, ready; stopped after `use`. */
async function withShards<T>(
  targets: string,
  of: number,
  use: (shards: ShardProcess[]) => Promise<T>
): Promise<T> {
  const shards = Array.from({ length: of }, (_, i) => shardProcess(targets, i, of))
  try {
    await Promise.all(shards.map((s) => s.ready))
    return await use(shards)
  } finally {
    for (const s of shards) s.stop()
  }
}

/** Every shard fired at once (the schedules), cold then warm: schedule → last shard done. */
async function allAtOnce(shards: readonly ShardProcess[]) {
  const wall = async (minute: number) => {
    const t0 = performance.now()
    const runs = await Promise.all(shards.map((s) => s.run(minuteAt(minute))))
    return { ms: performance.now() - t0, runs }
  }
  const cold = await wall(0)
  const warm = await wall(1)
  return { cold, warm }
}

/** Each shard alone (cold, then warm), one after the other: per shard, its two runs. */
async function isolated(shards: readonly ShardProcess[]) {
  const out: { cold: ShardRun; warm: ShardRun }[] = []
  for (const s of shards) {
    const cold = await s.run(minuteAt(0))
    const warm = await s.run(minuteAt(1))
    out.push({ cold, warm })
  }
  return out
}

async function point(ports: readonly number[], of: number): Promise<FleetPoint> {
  const targets = ports.map((p, i) => `redis://127.0.0.1:${p}?name=cache-${i}`).join(' ')
  const { cold, warm } = await withShards(targets, of, allAtOnce)
  const alone = await withShards(targets, of, isolated)
  const cpu = warm.runs.reduce((a, r) => a + r.cpuMs, 0)
  const aloneCpu = alone.reduce((a, r) => a + r.warm.cpuMs, 0)
  return {
    shards: of,
    coldWallMs: Math.round(cold.ms),
    warmWallMs: Math.round(warm.ms),
    warmCpuMsPerTarget: Number((cpu / ports.length).toFixed(2)),
    targetsReported: warm.runs.reduce((a, r) => a + r.targets, 0),
    isolatedColdMs: Math.round(Math.max(...alone.map((r) => r.cold.ms))),
    isolatedWarmMs: Math.round(Math.max(...alone.map((r) => r.warm.ms))),
    isolatedCpuMsPerTarget: Number((aloneCpu / ports.length).toFixed(2)),
  }
}

async function main(): Promise<void> {
  const fleet = await startFleet({ targets: TARGETS, failing: [], slow: [], slowMs: 0 }, 120_000)
  const points: FleetPoint[] = []
  try {
    for (const n of SHARD_COUNTS) {
      const p = await point(fleet.ports, n)
      console.log(
        `N=${n}: all at once on this machine: cold ${p.coldWallMs} ms, warm ${p.warmWallMs} ms, ${p.warmCpuMsPerTarget} ms CPU/target, ${p.targetsReported} targets; ` +
          `isolated (longest shard): cold ${p.isolatedColdMs} ms, warm ${p.isolatedWarmMs} ms, ${p.isolatedCpuMsPerTarget} ms CPU/target`
      )
      points.push(p)
    }
  } finally {
    await fleet.stop()
  }
  const file = resolve(ROOT, process.env['BENCH_RESULTS'] ?? 'bench/results.json')
  const results = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as object) : {}
  const fleetResult = { targets: TARGETS, cores: (await import('node:os')).cpus().length, points }
  writeFileSync(file, `${JSON.stringify({ ...results, fleet: fleetResult }, null, 2)}\n`)
  console.log(`wrote the fleet curve to ${file}`)
}

await main()
