import { spawnSync } from 'node:child_process'
import { redisExporterBinary } from '../test/helpers/redis-exporter'
import { freePort } from '../test/helpers/free-port'
import { waitUp } from './load'
import type { Proc } from './procs'
import { spawnProc } from './procs'

/** `candidate`: a second build of our server (BENCH_CANDIDATE), measured like `ours`. */
export type ExporterKind = 'ours' | 'candidate' | 'redis_exporter'

export interface Exporter {
  readonly kind: ExporterKind
  readonly proc: Proc
  readonly metricsUrl: URL
  /** Spawn to first `/metrics` with `redis_up 1`, milliseconds. */
  readonly coldStartMs: number
  stop(): Promise<void>
}

export interface StartOptions {
  readonly redisPort: number
  /** Our server bundle (dist/node.mjs). */
  readonly oursBundle: string
  readonly candidateBundle?: string
  readonly candidateFlags?: readonly string[]
  /** Extra Node flags for our server (e.g. --cpu-prof). */
  readonly nodeFlags?: readonly string[]
}

const HOST = '127.0.0.1'

/** The environment without REDIS_* settings, so both exporters see only what we pass. */
function hermeticEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('REDIS_')) env[k] = v
  return { ...env, ...extra }
}

export function redisExporterVersion(): string | undefined {
  const bin = redisExporterBinary()
  if (!bin) return undefined
  const r = spawnSync(bin, ['-version'], { encoding: 'utf8', timeout: 5_000 })
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`
  return /Exporter v?(\S+)/.exec(out)?.[1] ?? 'unknown'
}

/**
 * Starts one exporter against the Redis on `redisPort` and times spawn → first successful scrape.
 * Retries on a lost port race. Resolves undefined for redis_exporter when it is not installed.
 */
export async function startExporter(
  kind: ExporterKind,
  opts: StartOptions
): Promise<Exporter | undefined> {
  const theirs = kind === 'redis_exporter' ? redisExporterBinary() : undefined
  if (kind === 'redis_exporter' && !theirs) return undefined
  const bundle = kind === 'candidate' ? opts.candidateBundle : opts.oursBundle
  if (kind === 'candidate' && !bundle) return undefined
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const redisAddr = `redis://${HOST}:${opts.redisPort}`
    const t0 = performance.now()
    const proc =
      kind !== 'redis_exporter'
        ? spawnProc(
            process.execPath,
            [
              ...(opts.nodeFlags ?? []),
              ...(kind === 'candidate' ? (opts.candidateFlags ?? []) : []),
              bundle!,
            ],
            {
              env: hermeticEnv({
                REDIS_ADDR: redisAddr,
                REDIS_EXPORTER_WEB_LISTEN_ADDRESS: `${HOST}:${port}`,
              }),
              // SIGINT lets our server close and --cpu-prof write its profile.
              stopSignal: 'SIGINT',
            }
          )
        : spawnProc(theirs!, ['-redis.addr', redisAddr, '-web.listen-address', `${HOST}:${port}`], {
            env: hermeticEnv({}),
          })
    const metricsUrl = new URL(`http://${HOST}:${port}/metrics`)
    try {
      const coldStartMs = await waitUp(metricsUrl, {
        timeoutMs: 15_000,
        since: t0,
        alive: () => !proc.hasExited(),
      })
      return { kind, proc, metricsUrl, coldStartMs, stop: () => proc.stop() }
    } catch (err) {
      await proc.stop()
      if (/address already in use|EADDRINUSE/i.test(proc.logs()) && attempt < 5) continue
      throw new Error(
        `${kind} did not come up: ${err instanceof Error ? err.message : String(err)}\n${proc.logs()}`
      )
    }
  }
}

/** Cold start: `runs` fresh processes, each stopped after its first successful scrape. */
export async function coldStarts(
  kind: ExporterKind,
  opts: StartOptions,
  runs: number
): Promise<number[] | undefined> {
  const out: number[] = []
  for (let i = 0; i < runs; i++) {
    const e = await startExporter(kind, opts)
    if (!e) return undefined
    out.push(e.coldStartMs)
    await e.stop()
  }
  return out
}
