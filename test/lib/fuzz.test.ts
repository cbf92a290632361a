import { describe, expect, it } from 'vitest'
import { runFuzz } from '../helpers/fuzz'

/**
 * Real replies mutated from a seed (truncated, repeated lines and sections, huge and NaN numbers,
 * binary junk, long names and values, RESP3 shapes, wrong types, huge errors) through collect,
 * buildFamilies and renderPrometheus, half of them under small page caps so the cuts are
 * exercised too. `npm run fuzz -- --iterations 100000 --seed 7` runs the same for longer.
 */
describe('reply fuzzing', () => {
  it('never throws and always renders a bounded, parseable page without repeated series', async () => {
    const summary = await runFuzz({ iterations: 2_500, seed: 1 })
    expect(summary.failures.slice(0, 3)).toEqual([])
    expect(summary.mutatedReplies).toBeGreaterThanOrEqual(5_000)
    // The run reached the paths it is meant to stress, not only the easy ones.
    expect(summary.truncatedPages).toBeGreaterThan(100)
    expect(summary.duplicatePages).toBeGreaterThan(100)
    expect(summary.downPages).toBeGreaterThan(20)
  }, 60_000)
})
