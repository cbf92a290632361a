import { describe, expect, it, vi } from 'vitest'
import { preciseNow } from '../../../lib/primitives/clock'

describe('preciseNow', () => {
  it('reads the wall clock to within a second', () => {
    expect(Math.abs(preciseNow() - Date.now())).toBeLessThan(1000)
  })

  it('resolves below a millisecond and never goes back between calls', () => {
    const reads = Array.from({ length: 2000 }, () => preciseNow())
    for (let i = 1; i < reads.length; i++) expect(reads[i]!).toBeGreaterThanOrEqual(reads[i - 1]!)
    // Date.now() gives whole milliseconds only; some read must fall between two.
    expect(reads.some((t) => t !== Math.floor(t))).toBe(true)
  })

  it('follows a stepped wall clock', () => {
    const real = Date.now()
    vi.spyOn(Date, 'now').mockReturnValue(real + 3_600_000)
    try {
      expect(Math.abs(preciseNow() - (real + 3_600_000))).toBeLessThan(1000)
      expect(Math.abs(preciseNow() - (real + 3_600_000))).toBeLessThan(1000)
    } finally {
      vi.restoreAllMocks()
    }
    expect(Math.abs(preciseNow() - Date.now())).toBeLessThan(1000)
  })
})
