// The Lambda cold start (step 7 of the full run) of two builds side by side, alternating: each run
// is a fresh `node` importing `<root>/dist/lambda-scrape.mjs` and invoking it once against a
// redis-server with the bench dataset. Prints import, first invocation and their sum per run, and
// the medians.
// Usage: node --import tsx bench/lambda-ab.ts <rootA> <rootB> [runs=5]
//   (a root holds dist/lambda-scrape.mjs: this checkout, or a copy of an earlier build's tree)
import { startRedis } from '../test/helpers/redis-server'
import { fillDataset } from './dataset'
import { lambdaColdStart } from './lambda'
import { median } from './stats'

async function main(): Promise<void> {
  const [rootA, rootB, runsArg = '5'] = process.argv.slice(2)
  if (!rootA || !rootB) throw new Error('usage: bench/lambda-ab.ts <rootA> <rootB> [runs]')
  const redis = await startRedis()
  try {
    await fillDataset(redis.port, 100_000, 4)
    const totals = new Map<string, number[]>([
      [rootA, []],
      [rootB, []],
    ])
    for (let i = 0; i < Number(runsArg); i++) {
      for (const root of [rootA, rootB]) {
        const r = await lambdaColdStart(root, `127.0.0.1:${redis.port}`, 1)
        if (r.error || r.totalMs === undefined)
          throw new Error(`${root}: ${r.error ?? 'no result'}`)
        totals.get(root)!.push(r.totalMs)
        const ms = (n = 0) => n.toFixed(1)
        console.log(
          `${root}: import ${ms(r.importMs)} + first ${ms(r.firstInvokeMs)} = ${ms(r.totalMs)} ms`
        )
      }
    }
    for (const [root, list] of totals) console.log(`${root}: median ${median(list).toFixed(1)} ms`)
  } finally {
    await redis.stop()
  }
}

await main()
