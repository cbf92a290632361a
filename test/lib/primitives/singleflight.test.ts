import { describe, expect, it } from 'vitest'
import { Singleflight } from '../../../lib/primitives/singleflight'

describe('Singleflight', () => {
  it.each<[string, string[], number]>([
    ['concurrent calls of one key share one run', ['a', 'a', 'a'], 1],
    ['different keys run apart', ['a', 'b', 'c'], 3],
    ['a mix shares per key', ['a', 'b', 'a', 'b'], 2],
  ])('%s', async (_what, keys, runs) => {
    const flights = new Singleflight<string>()
    let started = 0
    const work = (key: string) => async () => {
      started += 1
      await new Promise((r) => setTimeout(r, 5))
      return `page of ${key}`
    }
    const pages = await Promise.all(keys.map((k) => flights.run(k, work(k))))
    expect(pages).toEqual(keys.map((k) => `page of ${k}`))
    expect(started).toBe(runs)
  })

  it.each<[string, () => Promise<string>]>([
    ['a success', async () => 'ok'],
    ['a failure', async () => Promise.reject(new Error('down'))],
  ])('forgets the key once the run settles with %s', async (_what, work) => {
    const flights = new Singleflight<string>()
    const run = flights.run('k', work)
    expect(flights.pending('k')).toBe(run)
    await run.catch(() => undefined)
    expect(flights.pending('k')).toBeUndefined()
    let again = 0
    await flights.run('k', async () => `run ${++again}`)
    expect(again).toBe(1)
  })
})
