import { createPushHandler } from '../functions/lambda-push-handler'
import type { RedisServer } from '../test/helpers/redis-server'
import { seedStandardDataset, startRedis } from '../test/helpers/redis-server'
import type { Proc } from './procs'
import { spawnProc } from './procs'
import { sampleProc } from './proc-stats'
import { RedisProbe } from './redis-stats'
import { median } from './stats'

export interface PushTiming {
  readonly ms: number
  readonly up: number
  /** New connections the Redis servers accepted during the push. */
  readonly newConnections: number
  /** CPU time (user + system) of this process during the push: the push handler runs in it. */
  readonly cpuMs: number
  /**
   * CPU time of the harness during the push: the latency proxy's process and the redis-servers,
   * which share the machine's cores with the push (a real push's network costs its host nothing).
   * /proc counts in 10 ms ticks.
   */
  readonly harnessCpuMs?: number
}

export interface FanoutSummary {
  /** Median time of one push over every target, milliseconds. */
  readonly allMs: number
  /** Median time of the same push over the slowest target alone. */
  readonly slowestMs: number
  readonly ratio: number
  /** Targets up in the median push over all targets (must equal `targets`). */
  readonly up: number
  /** Median CPU of the push over every target, divided by the targets. */
  readonly cpuMsPerTarget: number
  /** Median CPU of the push over the slowest target alone (a push's fixed cost plus one target). */
  readonly slowestCpuMs: number
  /** Median harness CPU (proxy and redis-servers) during the push over every target, ms. */
  readonly harnessCpuMs?: number
  readonly all: readonly PushTiming[]
  readonly slowest: readonly PushTiming[]
}

export interface FanoutResult {
  readonly targets: number
  readonly servers: number
  /** Added round-trip time per target, evenly spread from `minDelayMs` to `maxDelayMs`. */
  readonly minDelayMs: number
  readonly maxDelayMs: number
  readonly runner: string
  /** A fresh pool and push state, as in a cold Lambda container. */
  readonly cold: FanoutSummary
  /** The next push on the same pool and state, as in a warm container. */
  readonly warm: FanoutSummary
  /**
   * The warm-up runs, left out of `cold` and `warm`: the first push of the process runs the push
   * code before V8 has compiled it (the all-targets push and the slowest target's alone, cold).
   */
  readonly warmup: { readonly all: readonly PushTiming[]; readonly slowest: readonly PushTiming[] }
}

/** One Lambda container: the real push handler (functions/lambda-push-handler.ts), EMF sink. */
function container(ports: readonly number[], extraEnv: Readonly<Record<string, string>>) {
  const env = {
    REDIS_ADDR: '',
    REDIS_EXPORTER_TARGETS: ports.map((p) => `redis://127.0.0.1:${p}`).join(' '),
    REDIS_EXPORTER_PUSH_SINKS: 'emf',
    ...extraEnv,
  }
  // EMF documents are formatted (the sink's CPU is real) and dropped instead of printed.
  const { handler, close } = createPushHandler(env, {
    write: async () => undefined,
    log: () => undefined,
  })
  const event = {
    source: 'aws.events',
    'detail-type': 'Scheduled Event',
    time: new Date().toISOString(),
    resources: ['arn:aws:events:us-east-1:000000000000:rule/bench'],
  }
  return {
    push: () => handler(event, { getRemainingTimeInMillis: () => 60_000 }),
    close,
  }
}

/** CPU so far of the harness's processes (the proxy, the redis-servers), ms; NaN off Linux. */
function harnessCpu(pids: readonly number[]): number {
  try {
    return pids.reduce((sum, pid) => sum + sampleProc(pid).cpuMs, 0)
  } catch {
    return Number.NaN
  }
}

async function timed(
  run: () => Promise<{ targets: readonly { up: boolean }[] }>,
  probes: readonly RedisProbe[],
  harness: readonly number[]
): Promise<PushTiming> {
  const before = await Promise.all(probes.map((p) => p.read()))
  const harness0 = harnessCpu(harness)
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const result = await run()
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  const cpuMs = (cpu.user + cpu.system) / 1000
  const harnessCpuMs = harnessCpu(harness) - harness0
  const after = await Promise.all(probes.map((p) => p.read()))
  const newConnections = after.reduce((a, c, i) => a + c.connections - before[i]!.connections, 0)
  const up = result.targets.filter((t) => t.up).length
  return {
    ms,
    up,
    newConnections,
    cpuMs,
    ...(Number.isFinite(harnessCpuMs) ? { harnessCpuMs } : {}),
  }
}

async function proxyPorts(proc: Proc): Promise<number[]> {
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    const line = /^PORTS (.*)$/m.exec(proc.logs())?.[1]
    if (line) return JSON.parse(line) as number[]
    if (proc.hasExited()) break
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`latency proxies did not start:\n${proc.logs()}`)
}

const summary = (all: PushTiming[], slowest: PushTiming[], targets: number): FanoutSummary => {
  const allMs = median(all.map((r) => r.ms))
  const slowestMs = median(slowest.map((r) => r.ms))
  const up = median(all.map((r) => r.up))
  const cpuMsPerTarget = median(all.map((r) => r.cpuMs)) / targets
  const slowestCpuMs = median(slowest.map((r) => r.cpuMs))
  const ratio = allMs / slowestMs
  const harness = all.flatMap((r) => (r.harnessCpuMs === undefined ? [] : [r.harnessCpuMs]))
  return {
    allMs,
    slowestMs,
    ratio,
    up,
    cpuMsPerTarget,
    slowestCpuMs,
    ...(harness.length > 0 ? { harnessCpuMs: median(harness) } : {}),
    all,
    slowest,
  }
}

/**
 * One scheduled push of the Lambda push handler (runPush over functions/resp-pool transports, i.e.
 * the lean RESP client; EMF sink) over `targets` targets: a handful of real redis-servers, each behind several ports of a
 * latency-adding proxy (a child process), so every target has its own address and round-trip time.
 */
export async function measureFanout(opts: {
  root: string
  targets: number
  servers: number
  maxDelayMs: number
  runs: number
  /**
   * Runs before the measured ones, reported apart (default 1): without them the first measured
   * push over every target ran JIT-cold code while the slowest target's, right after it, did not.
   */
  warmupRuns?: number
  /** Extra settings for the push handler (BENCH_FANOUT_ENV, a JSON object), for experiments. */
  env?: Readonly<Record<string, string>>
}): Promise<FanoutResult> {
  const servers: RedisServer[] = []
  const probes: RedisProbe[] = []
  let proxy: Proc | undefined
  try {
    for (let i = 0; i < opts.servers; i++) {
      const s = await startRedis()
      servers.push(s)
      await seedStandardDataset(s)
      probes.push(await RedisProbe.open(s.port))
    }
    const delays = Array.from(
      { length: opts.targets },
      (_, i) => (opts.maxDelayMs * (i + 1)) / opts.targets
    )
    const specs = delays.map((delayMs, i) => ({
      targetPort: servers[i % servers.length]!.port,
      delayMs,
    }))
    proxy = spawnProc(
      process.execPath,
      ['--import', 'tsx', 'bench/proxy-main.ts', JSON.stringify(specs)],
      { cwd: opts.root }
    )
    const ports = await proxyPorts(proxy)
    const harness = [proxy.pid, ...servers.map((s) => s.pid)]
    const slowest = [ports[ports.length - 1]!]

    const runs = { cold: [] as PushTiming[], warm: [] as PushTiming[] }
    const alone = { cold: [] as PushTiming[], warm: [] as PushTiming[] }
    const warmup = { all: [] as PushTiming[], slowest: [] as PushTiming[] }
    const warmups = opts.warmupRuns ?? 1
    for (let run = 0; run < warmups + opts.runs; run++) {
      const measured = run >= warmups
      const pairs = [
        [ports, measured ? runs : { cold: warmup.all, warm: [] }],
        [slowest, measured ? alone : { cold: warmup.slowest, warm: [] }],
      ] as const
      // Which push goes first alternates: neither side always follows the other's garbage.
      for (const [set, out] of run % 2 === 0 ? pairs : [...pairs].reverse()) {
        const c = container(set, opts.env ?? {})
        try {
          out.cold.push(await timed(() => c.push(), probes, harness))
          out.warm.push(await timed(() => c.push(), probes, harness))
        } finally {
          await c.close()
        }
      }
    }
    return {
      targets: ports.length,
      servers: servers.length,
      minDelayMs: delays[0]!,
      maxDelayMs: delays[delays.length - 1]!,
      runner:
        'runPush (lib/push/run-push.ts) + createRespPool (functions/resp-pool.ts, the lean RESP client) + EMF sink, output dropped',
      cold: summary(runs.cold, alone.cold, ports.length),
      warm: summary(runs.warm, alone.warm, ports.length),
      warmup,
    }
  } finally {
    for (const p of probes) p.close()
    await proxy?.stop()
    await Promise.all(servers.map((s) => s.stop()))
  }
}
