import { describe, expect, it } from 'vitest'
import type { Outcome } from '../../lib/failure-log'
import { FailureLog, logOutcome } from '../../lib/failure-log'

/** One event at a time in seconds: a failure (`f`) or a success (`s`) of target `a`. */
type Event = [seconds: number, outcome: 'f' | 's']

/** The lines the events produce, as compact text: `fail 1 first`, `fail 7`, `recovered 9 in 120s`. */
function lines(events: readonly Event[], intervalMs = 60_000): string[] {
  const log = new FailureLog({ intervalMs })
  const out: string[] = []
  for (const [s, outcome] of events) {
    const ms = s * 1000
    if (outcome === 'f') {
      const line = log.failed('a', ms)
      if (line) out.push(`fail ${line.failures}${line.first ? ' first' : ''}`)
    } else {
      const line = log.succeeded('a', ms)
      if (line) out.push(`recovered ${line.failures} in ${line.downSeconds}s`)
    }
  }
  return out
}

const every = (fromS: number, toS: number, stepS: number): Event[] => {
  const out: Event[] = []
  for (let t = fromS; t <= toS; t += stepS) out.push([t, 'f'])
  return out
}

describe('FailureLog', () => {
  it.each<[string, Event[], string[]]>([
    [
      'success only: nothing',
      [
        [0, 's'],
        [15, 's'],
      ],
      [],
    ],
    ['one failure: one line', [[0, 'f']], ['fail 1 first']],
    [
      'one failure then success: the failure and the recovery',
      [
        [0, 'f'],
        [15, 's'],
      ],
      ['fail 1 first', 'recovered 1 in 15s'],
    ],
    ['failures within the minute are counted, not logged', every(0, 59, 1), ['fail 1 first']],
    [
      'a line at the minute with the count since the previous line',
      every(0, 60, 1),
      ['fail 1 first', 'fail 60'],
    ],
    [
      'every 15 s for 3 minutes: a line per minute',
      every(0, 180, 15),
      ['fail 1 first', 'fail 4', 'fail 4', 'fail 4'],
    ],
    [
      'a quiet gap longer than the interval: the next failure is logged at once',
      [
        [0, 'f'],
        [300, 'f'],
        [301, 'f'],
      ],
      ['fail 1 first', 'fail 1'],
    ],
    [
      'recovery counts every failure, logged or not',
      [...every(0, 90, 1), [100, 's']],
      ['fail 1 first', 'fail 60', 'recovered 91 in 100s'],
    ],
    [
      'a second outage starts afresh',
      [
        [0, 'f'],
        [1, 'f'],
        [2, 's'],
        [3, 'f'],
        [4, 'f'],
        [5, 's'],
      ],
      ['fail 1 first', 'recovered 2 in 2s', 'fail 1 first', 'recovered 2 in 2s'],
    ],
    [
      'a clock that goes back never divides into a negative time',
      [
        [10, 'f'],
        [5, 's'],
      ],
      ['fail 1 first', 'recovered 1 in 0s'],
    ],
  ])('%s', (_what, events, expected) => {
    expect(lines(events)).toEqual(expected)
  })

  it('keeps targets apart', () => {
    const log = new FailureLog()
    expect(log.failed('a', 0)).toEqual({ first: true, failures: 1 })
    expect(log.failed('b', 1)).toEqual({ first: true, failures: 1 })
    expect(log.failed('a', 2)).toBeUndefined()
    expect(log.succeeded('b', 3)).toEqual({ failures: 1, downSeconds: 0.002 })
    expect(log.succeeded('b', 4)).toBeUndefined()
    expect(log.size).toBe(1)
  })

  it('follows at most `max` failing targets (the least recently failed is forgotten)', () => {
    const log = new FailureLog({ max: 100 })
    for (let i = 0; i < 10_000; i++) log.failed(`redis://10.0.${i >> 8}.${i & 255}:6379`, i)
    expect(log.size).toBe(100)
  })
})

describe('logOutcome', () => {
  const LINES = { failed: 'thing failed', recovered: 'thing recovered' }

  it.each<[string, [seconds: number, ok: boolean][], Record<string, unknown>[]]>([
    ['success only: nothing', [[0, true]], []],
    [
      'the first failure, with its details',
      [[0, false]],
      [{ level: 'warn', msg: 'thing failed', target: 'a', error: 'boom' }],
    ],
    [
      'a line a minute with the count, then the recovery',
      [
        [0, false],
        [30, false],
        [60, false],
        [90, true],
      ],
      [
        { level: 'warn', msg: 'thing failed', target: 'a', error: 'boom' },
        {
          level: 'warn',
          msg: 'thing failed',
          target: 'a',
          error: 'boom',
          failures_since_last_log: 2,
        },
        { level: 'info', msg: 'thing recovered', target: 'a', failures: 3, down_seconds: 90 },
      ],
    ],
  ])('%s', (_what, events, expected) => {
    const failures = new FailureLog()
    const logs: Record<string, unknown>[] = []
    for (const [seconds, ok] of events) {
      const outcome: Outcome = { key: 'a', ok, nowMs: seconds * 1000, details: { error: 'boom' } }
      logOutcome(failures, (e) => logs.push({ ...e }), LINES, outcome)
    }
    expect(logs).toEqual(expected)
  })
})
