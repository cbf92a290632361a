// CPU per target of the Lambda push handler, in-process and without the latency proxy: N targets
// as databases of a few local redis-servers, EMF sink, output dropped. Each round makes a fresh
// container (its cold push), then pushes it warm a few times.
// Usage: node --import tsx bench/push-cpu.ts [targets=300] [servers=targets/16] [rounds=5] [warm=3]
//   (16 databases per server, Redis's default: a server configured with more makes every target
//   zero-fill that many `db_keys` series)
//   BENCH_PUSH_BASE=<another checkout> alternates that tree's handler with this one's (base, ours,
//   base, ours...) in the same process; BENCH_CPU_PROF=<file> profiles this tree's warm pushes
//   (BENCH_CPU_PROF_PHASE=cold: its cold push and the warm ones).
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { createPushHandler } from '../functions/lambda-push-handler'
import type { RedisServer } from '../test/helpers/redis-server'
import { seedStandardDataset, startRedis } from '../test/helpers/redis-server'
import { median } from './stats'

type CreateHandler = typeof createPushHandler

interface Variant {
  readonly name: string
  readonly create: CreateHandler
  readonly cold: number[]
  readonly warm: number[]
}

const EVENT = {
  source: 'aws.events',
  'detail-type': 'Scheduled Event',
  time: new Date().toISOString(),
  resources: ['arn:aws:events:us-east-1:000000000000:rule/bench'],
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

async function load(name: string, root: string): Promise<Variant> {
  const url = pathToFileURL(join(root, 'functions/lambda-push-handler.ts')).href
  const mod = (await import(url)) as { createPushHandler: CreateHandler }
  return { name, create: mod.createPushHandler, cold: [], warm: [] }
}

/** One push's CPU per target; throws unless every target is up. */
async function push(run: () => Promise<unknown>, targets: number): Promise<number> {
  const before = cpuMs()
  const out = (await run()) as { targets?: readonly { up: boolean }[] }
  const spent = cpuMs() - before
  const up = out.targets?.filter((t) => t.up).length
  if (up !== targets) throw new Error(`${up ?? 'no'} of ${targets} targets up`)
  return spent / targets
}

async function round(v: Variant, urls: string, targets: number, warm: number, prof?: Session) {
  const env = { REDIS_ADDR: '', REDIS_EXPORTER_TARGETS: urls, REDIS_EXPORTER_PUSH_SINKS: 'emf' }
  const { handler, close } = v.create(env, { write: async () => undefined, log: () => undefined })
  const run = () => handler(EVENT, { getRemainingTimeInMillis: () => 60_000 })
  const cold = process.env['BENCH_CPU_PROF_PHASE'] === 'cold'
  try {
    if (cold) await prof?.post('Profiler.start')
    v.cold.push(await push(run, targets))
    if (!cold) await prof?.post('Profiler.start')
    for (let i = 0; i < warm; i++) v.warm.push(await push(run, targets))
  } finally {
    await close()
  }
}

async function main(): Promise<void> {
  const [targets = 300, servers = 0, rounds = 5, warm = 3] = process.argv.slice(2).map(Number)
  const count = servers > 0 ? servers : Math.ceil(targets / 16)
  const variants = [await load('ours', process.cwd())]
  const base = process.env['BENCH_PUSH_BASE']
  if (base) variants.unshift(await load('base', base))
  const redis: RedisServer[] = []
  const profFile = process.env['BENCH_CPU_PROF']
  const session = profFile ? new Session() : undefined
  session?.connect()
  await session?.post('Profiler.enable')
  try {
    const dbs = Math.ceil(targets / count)
    for (let i = 0; i < count; i++) {
      redis.push(await startRedis({ args: ['--databases', String(Math.max(16, dbs))] }))
      await seedStandardDataset(redis[i]!)
    }
    const urls = Array.from({ length: targets }, (_, i) => {
      const s = redis[i % count]!
      return `redis://127.0.0.1:${s.port}/${Math.floor(i / count)}?name=t${i}`
    }).join(' ')
    for (let r = 0; r < rounds; r++) {
      for (const v of variants) {
        await round(v, urls, targets, warm, v.name === 'ours' ? session : undefined)
        if (v.name === 'ours' && session) {
          const { profile } = await session.post('Profiler.stop')
          if (r === rounds - 1) writeFileSync(profFile!, JSON.stringify(profile))
        }
      }
    }
  } finally {
    session?.disconnect()
    await Promise.all(redis.map((s) => s.stop()))
  }
  for (const v of variants) {
    const fmt = (xs: number[]) =>
      `median ${median(xs).toFixed(3)} min ${Math.min(...xs).toFixed(3)}`
    console.log(`${v.name}: cold CPU ms/target ${fmt(v.cold)}; warm ${fmt(v.warm)}`)
  }
}

await main()
