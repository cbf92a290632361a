import { describe, expect, it } from 'vitest'
import type { AttemptFailure } from '../../../lib/primitives/retry'
import { backoffMs, pause, retry } from '../../../lib/primitives/retry'

/** One attempt's outcome: a value, a value to retry (`503`), or an error (retryable or not). */
type Step = 'ok' | '503' | 'flaky' | 'fatal'

class StepError extends Error {
  constructor(readonly retryable: boolean) {
    super(retryable ? 'flaky' : 'fatal')
  }
}

function scripted(steps: Step[]) {
  let i = 0
  return async (): Promise<string> => {
    const step = steps[Math.min(i++, steps.length - 1)]!
    if (step === 'flaky' || step === 'fatal') throw new StepError(step === 'flaky')
    return step
  }
}

const policy = (extra: { maxAttempts?: number; signal?: AbortSignal } = {}) => ({
  signal: extra.signal ?? AbortSignal.timeout(5_000),
  maxAttempts: extra.maxAttempts ?? 3,
  isRetryable: (err: unknown) => err instanceof StepError && err.retryable,
  retryValue: (v: string) => v === '503',
  delayMs: () => 1,
})

describe('retry', () => {
  it.each<[string, Step[], string, number]>([
    ['returns the first success', ['ok'], 'value ok', 1],
    ['retries retryable errors, then succeeds', ['flaky', 'flaky', 'ok'], 'value ok', 3],
    ['retries a refused value, then succeeds', ['503', 'ok'], 'value ok', 2],
    ['returns the last refused value when the attempts run out', ['503'], 'value 503', 3],
    ['throws the last error when the attempts run out', ['flaky'], 'error flaky', 3],
    ['throws a non-retryable error at once', ['fatal', 'ok'], 'error fatal', 1],
    ['throws a non-retryable error after a retry', ['503', 'fatal'], 'error fatal', 2],
  ])('%s', async (_what, steps, expected, attempts) => {
    let calls = 0
    const attempt = scripted(steps)
    const outcome = await retry(() => (calls++, attempt()), policy()).then(
      (r) => {
        expect(r.attempts).toBe(attempts)
        return `value ${r.value}`
      },
      (err: Error) => `error ${err.message}`
    )
    expect(outcome).toBe(expected)
    expect(calls).toBe(attempts)
  })

  it('hands every failure to onRetry before its pause, with the retry number', async () => {
    const seen: string[] = []
    const onRetry = (f: AttemptFailure<string>, n: number) => {
      seen.push(`${n}:${'error' in f ? (f.error as Error).message : f.value}`)
    }
    await retry(scripted(['flaky', '503', 'ok']), { ...policy(), onRetry })
    expect(seen).toEqual(['0:flaky', '1:503'])
  })

  it('stops in the pause when the signal aborts, with the signal reason', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('deadline')), 20)
    let calls = 0
    const started = Date.now()
    const attempt = scripted(['flaky'])
    await expect(
      retry(() => (calls++, attempt()), {
        ...policy({ maxAttempts: 10, signal: controller.signal }),
        delayMs: () => 10_000,
      })
    ).rejects.toThrow('deadline')
    expect(calls).toBe(1)
    expect(Date.now() - started).toBeLessThan(2_000)
  })
})

describe('backoffMs', () => {
  it.each<[string, number, number, number]>([
    ['the first pause is up to the base', 0, 0.5, 50],
    ['the ceiling doubles per retry', 2, 0.5, 200],
    ['the ceiling stops at maxDelayMs', 10, 0.999, 999],
    ['no jitter drawn, no pause', 3, 0, 0],
  ])('%s', (_what, n, draw, ms) => {
    expect(backoffMs({ baseDelayMs: 100, maxDelayMs: 1000, random: () => draw }, n)).toBe(ms)
  })

  it('uses the policy’s own delays when it gives them', () => {
    expect(backoffMs({ delayMs: (n) => 7 * (n + 1) }, 2)).toBe(21)
  })
})

describe('pause', () => {
  it.each<[string, number, number, number]>([
    ['waits its time', 20, 5_000, 15],
    ['ends early when the signal aborts', 10_000, 20, 0],
  ])('%s', async (_what, ms, abortAfter, atLeast) => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(), abortAfter)
    const started = Date.now()
    await pause(ms, controller.signal)
    const took = Date.now() - started
    expect(took).toBeGreaterThanOrEqual(atLeast)
    expect(took).toBeLessThan(2_000)
  })
})
