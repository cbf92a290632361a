import { describe, expect, it } from 'vitest'
import { createCpuLane, nextTurn } from '../../lib/cpu-lane'

describe('createCpuLane', () => {
  it('lets what waits on the event loop run between two pieces', async () => {
    const order: string[] = []
    const lane = createCpuLane()
    const a = lane(() => {
      order.push('a')
      // Stands for a /health request that arrives while piece a runs.
      setTimeout(() => order.push('waiting'), 0)
    })
    const b = lane(() => order.push('b'))
    await Promise.all([a, b])
    expect(order).toEqual(['a', 'waiting', 'b'])
  })

  it('runs pieces in the order given and hands back their results', async () => {
    const lane = createCpuLane()
    const results = await Promise.all([1, 2, 3].map((n) => lane(() => n * 10)))
    expect(results).toEqual([10, 20, 30])
  })

  it('goes on after a piece that throws, which rejects its own promise only', async () => {
    const lane = createCpuLane()
    const failed = lane(() => {
      throw new Error('boom')
    })
    const next = lane(() => 'next')
    await expect(failed).rejects.toThrow('boom')
    await expect(next).resolves.toBe('next')
  })
})

describe('nextTurn', () => {
  it('resolves after the timers already due', async () => {
    const order: string[] = []
    setTimeout(() => order.push('timer'), 0)
    await nextTurn()
    order.push('after')
    expect(order).toEqual(['timer', 'after'])
  })
})
