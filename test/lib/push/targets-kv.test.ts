import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../../lib/errors'
import { MAX_TARGETS_KV_CHARS, withTargetsFromKv } from '../../../lib/push/targets-kv'

// A stand-in for the KV binding Workers pass (the real one is exercised in workerd by
// test/workers/queue.test.ts): get() answers from a map, or never.
const kvOf = (value: string | null, calls: string[] = []) => ({
  get: async (key: string, type: 'text') => {
    calls.push(`${key}:${type}`)
    return value
  },
})
const LIST = 'redis://a:6379?name=a\nredis://b:6379?name=b'

describe('withTargetsFromKv', () => {
  it('returns the environment unchanged without a TARGETS_KV binding', async () => {
    const env = { REDIS_EXPORTER_TARGETS: 'redis://x:6379' }
    expect(await withTargetsFromKv(env, {}, 1000)).toBe(env)
  })

  it('fills REDIS_EXPORTER_TARGETS from the key "targets", read as text on every call', async () => {
    const calls: string[] = []
    const bindings = { TARGETS_KV: kvOf(LIST, calls) }
    const env = { REDIS_ADDR: '' }
    expect(await withTargetsFromKv(env, bindings, 1000)).toEqual({
      REDIS_ADDR: '',
      REDIS_EXPORTER_TARGETS: LIST,
    })
    await withTargetsFromKv(env, bindings, 1000)
    expect(calls).toEqual(['targets:text', 'targets:text'])
  })

  it.each([
    [{ TARGETS_KV: 'not a namespace' }, {}, 'TARGETS_KV: must be a KV namespace binding'],
    [
      { TARGETS_KV: kvOf(LIST) },
      { REDIS_EXPORTER_TARGETS: 'redis://x:6379' },
      'REDIS_EXPORTER_TARGETS and TARGETS_KV: set only one',
    ],
    [{ TARGETS_KV: kvOf(null) }, {}, 'TARGETS_KV (key "targets"): no target list'],
    [{ TARGETS_KV: kvOf('  \n') }, {}, 'TARGETS_KV (key "targets"): no target list'],
    [
      { TARGETS_KV: kvOf('x'.repeat(MAX_TARGETS_KV_CHARS + 1)) },
      {},
      `the list is over ${MAX_TARGETS_KV_CHARS} characters`,
    ],
    [
      { TARGETS_KV: { get: () => Promise.reject(new Error('KV GET failed: 503')) } },
      {},
      'TARGETS_KV (key "targets"): cannot read the target list: KV GET failed: 503',
    ],
    [
      { TARGETS_KV: { get: () => new Promise<string>(() => undefined) } },
      {},
      'cannot read the target list: no answer within 50 ms',
    ],
  ])('%o with %o: a ConfigError containing %s', async (bindings, env, message) => {
    const err = await withTargetsFromKv(env, bindings, 50).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as Error).message).toContain(message)
  })
})
