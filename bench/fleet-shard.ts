// One shard of bench/fleet.ts, as one Lambda container: the real push handler over the shard's
// targets in its own process. On each stdin line `run <ISO time>` it pushes shard `shard` of `of`
// and prints `DONE {"ms":…,"cpuMs":…,"targets":…,"up":…}`.
//   argv[2]: JSON { targets: string, shard: number, of: number }
import { createInterface } from 'node:readline'
import { createPushHandler } from '../functions/lambda-push-handler'

const { targets, shard, of } = JSON.parse(process.argv[2] ?? '{}') as {
  targets: string
  shard: number
  of: number
}
const { handler } = createPushHandler(
  {
    REDIS_ADDR: '',
    REDIS_EXPORTER_TARGETS: targets,
    REDIS_EXPORTER_PUSH_SHARDS: String(of),
    REDIS_EXPORTER_PUSH_DISCOVER_NODES: 'off',
    REDIS_EXPORTER_SCRAPE_TIMEOUT: '50s',
  },
  // EMF documents are formatted (their CPU is real) and dropped instead of printed.
  { write: async () => undefined, log: () => undefined }
)
process.stdout.write('READY\n')
for await (const line of createInterface({ input: process.stdin })) {
  const at = /^run (.+)$/.exec(line)?.[1]
  if (!at) continue
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const outcome = await handler(
    { source: 'scheduler', scheduledTime: at, shard, of },
    { getRemainingTimeInMillis: () => 60_000 }
  )
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  const up = outcome.targets.filter((t) => t.up).length
  const cpuMs = (cpu.user + cpu.system) / 1000
  process.stdout.write(
    `DONE ${JSON.stringify({ ms, cpuMs, targets: outcome.targets.length, up })}\n`
  )
}
process.exit(0)
