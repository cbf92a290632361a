import { describe, expect, it } from 'vitest'
import { detached } from '../../../lib/primitives/detached'
import { retainedBytes } from '../../helpers/retained-heap'

/** Heap bytes still used after keeping what `keep` makes of 50 slices of 200 KB replies. */
function retained(keep: (slice: string) => string): number {
  return retainedBytes(() => {
    const kept: string[] = []
    for (let i = 0; i < 50; i++) {
      const reply = `# Commandstats\r\ncmdstat_get:calls=${i},usec=12,usec_per_call=2.00\r\n${'x'.repeat(200_000)}`
      kept.push(keep(reply.slice(28, 70)))
    }
    return kept
  })
}

describe('detached', () => {
  it.each(['', 'a', 'calls=1,usec=2', 'é🙂 and more than thirteen characters'])(
    '%j is the same text',
    (text) => {
      expect(detached(text)).toBe(text)
    }
  )

  it('keeps none of the replies its texts were cut from alive, where the slices keep them all', () => {
    expect(retained((s) => s)).toBeGreaterThan(5_000_000)
    expect(retained(detached)).toBeLessThan(1_000_000)
  })
})
