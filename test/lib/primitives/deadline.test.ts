import { describe, expect, it } from 'vitest'
import { TimeoutError } from '../../../lib/errors'
import { abortError, raceAbort, withDeadline } from '../../../lib/primitives/deadline'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Work that answers after `ms`, or with the abort reason's text as soon as its signal aborts. */
const answering =
  (ms: number) =>
  (signal: AbortSignal): Promise<string> =>
    new Promise((resolve) => {
      const abort = () => resolve(`aborted: ${(signal.reason as Error).message}`)
      if (signal.aborted) return abort()
      const timer = setTimeout(() => resolve('answered'), ms)
      signal.addEventListener('abort', () => {
        clearTimeout(timer)
        abort()
      })
    })

describe('withDeadline', () => {
  it.each<[string, number, number, 'none' | 'before' | 'during', string]>([
    ['work that ends in time keeps its value', 500, 5, 'none', 'answered'],
    [
      'the deadline aborts with the reason the caller gives',
      20,
      5_000,
      'none',
      'aborted: over 20ms',
    ],
    ['a parent that aborts first aborts the work', 5_000, 5_000, 'during', 'aborted: parent gone'],
    ['a parent aborted already aborts at once', 5_000, 5_000, 'before', 'aborted: parent gone'],
  ])('%s', async (_what, ms, workMs, parentAborts, expected) => {
    const parent = new AbortController()
    if (parentAborts === 'before') parent.abort(new Error('parent gone'))
    if (parentAborts === 'during') setTimeout(() => parent.abort(new Error('parent gone')), 10)
    const reason = () => new TimeoutError(`over ${ms}ms`)
    const started = Date.now()
    expect(await withDeadline(ms, reason, answering(workMs), parent.signal)).toBe(expected)
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('clears its timer and unlinks the parent once the work settles', async () => {
    const parent = new AbortController()
    let seen: AbortSignal | undefined
    await withDeadline(
      20,
      () => new TimeoutError('late'),
      async (signal) => {
        seen = signal
      },
      parent.signal
    )
    parent.abort(new Error('after the work'))
    await sleep(40)
    expect(seen?.aborted).toBe(false)
  })

  it('passes a rejection of the work through', async () => {
    const work = () => Promise.reject(new Error('refused'))
    await expect(withDeadline(1_000, () => new TimeoutError('late'), work)).rejects.toThrow(
      'refused'
    )
  })
})

describe('raceAbort', () => {
  it.each<[string, () => Promise<string>, number | 'aborted', string | RegExp, boolean]>([
    ['resolves with the work', () => Promise.resolve('v'), 1_000, 'v', false],
    ['rejects with the work', () => Promise.reject(new Error('no')), 1_000, /^no$/, false],
    ['rejects with the deadline', () => new Promise<string>(() => undefined), 10, /^late$/, true],
    [
      'rejects at once on a signal aborted before',
      () => Promise.resolve('v'),
      'aborted',
      /^late$/,
      true,
    ],
  ])('%s', async (_what, work, abortAfter, expected, aborts) => {
    const controller = new AbortController()
    if (abortAfter === 'aborted') controller.abort(new TimeoutError('late'))
    else setTimeout(() => controller.abort(new TimeoutError('late')), abortAfter)
    let onAbort = 0
    const raced = raceAbort(work(), controller.signal, () => (onAbort += 1))
    if (typeof expected === 'string') expect(await raced).toBe(expected)
    else await expect(raced).rejects.toThrow(expected)
    expect(onAbort).toBe(aborts ? 1 : 0)
  })
})

describe('abortError', () => {
  it.each<[string, unknown, string]>([
    ['keeps a TimeoutError reason', new TimeoutError('deadline of 2s'), 'deadline of 2s'],
    ['wraps any other reason', new Error('bye'), 'scrape deadline exceeded before Redis answered'],
    ['wraps no reason', undefined, 'scrape deadline exceeded before Redis answered'],
  ])('%s', (_what, reason, message) => {
    const controller = new AbortController()
    controller.abort(reason)
    const err = abortError(controller.signal)
    expect(err).toBeInstanceOf(TimeoutError)
    expect(err.message).toBe(message)
  })
})
