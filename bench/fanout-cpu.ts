// The fan-out of bench/fanout.ts (measureFanout: the Lambda push handler over N targets behind a
// latency proxy), reporting CPU per target and the ratio to the slowest target, cold and warm.
// Usage: node --import tsx bench/fanout-cpu.ts [targets=300] [rounds=3] [runs=2]
//   BENCH_PUSH_BASE=<another checkout> alternates that tree's measureFanout with this one's
//   (base, ours, base, ours...) in one process; each round starts its own servers and proxy.
//   BENCH_FANOUT_ENV=<a JSON object> adds settings to the push handler of both;
//   BENCH_FANOUT_WARMUP sets the warm-up runs of each round (as in `npm run bench`).
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { FanoutResult, measureFanout } from './fanout'
import { readSettings } from './settings'
import { median } from './stats'

type Measure = typeof measureFanout

interface Variant {
  readonly name: string
  readonly root: string
  readonly measure: Measure
  readonly results: FanoutResult[]
}

async function load(name: string, root: string): Promise<Variant> {
  const url = pathToFileURL(join(root, 'bench/fanout.ts')).href
  const mod = (await import(url)) as { measureFanout: Measure }
  return { name, root, measure: mod.measureFanout, results: [] }
}

/** Median (min–max); '–' for a figure the measured tree does not report (an older fanout.ts). */
const fmt = (xs: readonly (number | undefined)[], digits: number): string => {
  const ns = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x))
  if (ns.length === 0) return '–'
  return `${median(ns).toFixed(digits)} (${Math.min(...ns).toFixed(digits)}–${Math.max(...ns).toFixed(digits)})`
}

function report(v: Variant): string[] {
  const lines = [`${v.name}: median (min–max) over ${v.results.length} rounds`]
  for (const phase of ['cold', 'warm'] as const) {
    const s = v.results.map((r) => r[phase])
    lines.push(
      `  ${phase}: CPU ms/target ${fmt(
        s.map((x) => x.cpuMsPerTarget),
        3
      )} (slowest alone ${fmt(
        s.map((x) => x.slowestCpuMs),
        1
      )} ms); all ${fmt(
        s.map((x) => x.allMs),
        0
      )} ms; slowest alone ${fmt(
        s.map((x) => x.slowestMs),
        0
      )} ms; ratio ${fmt(
        s.map((x) => x.ratio),
        2
      )}; harness CPU ${fmt(
        s.map((x) => x.harnessCpuMs),
        0
      )} ms; up ${s.map((x) => x.up).join('/')}`
    )
  }
  return lines
}

async function main(): Promise<void> {
  const [targets = 300, rounds = 3, runs = 2] = process.argv.slice(2).map(Number)
  const variants = [await load('ours', process.cwd())]
  const { fanoutEnv: env, fanoutWarmupRuns: warmupRuns } = readSettings()
  const base = process.env['BENCH_PUSH_BASE']
  if (base) variants.unshift(await load('base', base))
  for (let r = 0; r < rounds; r++) {
    for (const v of variants) {
      const result = await v.measure({
        root: v.root,
        targets,
        servers: 4,
        maxDelayMs: 50,
        runs,
        warmupRuns,
        env,
      })
      v.results.push(result)
      const { cold, warm } = result
      console.log(
        `round ${r + 1} ${v.name}: cold ${cold.cpuMsPerTarget.toFixed(3)} ms/target ratio ${cold.ratio.toFixed(2)}; warm ${warm.cpuMsPerTarget.toFixed(3)} ms/target ratio ${warm.ratio.toFixed(2)}`
      )
    }
  }
  for (const v of variants) console.log(report(v).join('\n'))
}

await main()
