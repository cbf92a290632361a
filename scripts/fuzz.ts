/**
 * The reply fuzzer of test/lib/fuzz.test.ts, for long runs:
 *
 *   npm run fuzz -- --iterations 100000 --seed 7      runs 100,000 mutated scrapes from seed 7
 *   npm run fuzz -- --seed 7 --from 4242 --iterations 1   replays one failing iteration
 *
 * Prints a summary (iterations, failures, max page bytes, max samples, time) and the first
 * failures; exits 1 when any iteration failed, 2 on bad arguments.
 */
import { runFuzz } from '../test/helpers/fuzz'

function option(argv: readonly string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`)
  if (i < 0) return fallback
  const value = Number(argv[i + 1])
  if (!Number.isSafeInteger(value) || value < 0) {
    process.stderr.write(`--${name} takes a whole number, got ${JSON.stringify(argv[i + 1])}\n`)
    process.exit(2)
  }
  return value
}

async function main(argv: readonly string[]): Promise<number> {
  const iterations = option(argv, 'iterations', 10_000)
  const seed = option(argv, 'seed', 1)
  const from = option(argv, 'from', 0)
  const s = await runFuzz({ iterations, seed, from })
  const lines = [
    `iterations         ${s.iterations} (seed ${s.seed}, from ${from})`,
    `failures           ${s.failures.length}`,
    `mutated replies    ${s.mutatedReplies}`,
    `max page bytes     ${s.maxPageBytes}`,
    `max samples        ${s.maxSamples}`,
    `pages cut at a cap ${s.truncatedPages}`,
    `pages with repeats ${s.duplicatePages}`,
    `pages down         ${s.downPages}`,
    `time               ${(s.ms / 1000).toFixed(1)} s`,
  ]
  for (const f of s.failures.slice(0, 5)) {
    lines.push(
      '',
      `iteration ${f.iteration} (replay: npm run fuzz -- --seed ${seed} --from ${f.iteration} --iterations 1)`,
      `  mutations: ${f.mutations.join(', ') || 'none'}`,
      `  ${f.problem.slice(0, 2_000)}`
    )
  }
  process.stdout.write(`${lines.join('\n')}\n`)
  return s.failures.length === 0 ? 0 : 1
}

process.exitCode = await main(process.argv.slice(2))
