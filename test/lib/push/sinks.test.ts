import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../../lib/config'
import { ConfigError } from '../../../lib/errors'
import { parsePushConfig } from '../../../lib/push/push-config'
import type { SinkClients } from '../../../lib/push/sinks'
import { buildSinks } from '../../../lib/push/sinks'
import { result } from './families'

const env = { REDIS_ADDR: 'redis://cache:6379' }
const pushFor = (sinks: string, allowed = ['emf', 'putmetricdata', 'pushgateway']) =>
  parsePushConfig({ ...env, REDIS_EXPORTER_PUSH_SINKS: sinks }, parseConfig(env), {
    allowedSinks: allowed,
  })
const ALL: SinkClients = {
  write: async () => undefined,
  putMetricData: async () => ({ putMetricData: async () => ({}) }),
  pushgateway: { url: 'http://127.0.0.1:9', job: 'j' },
}

describe('buildSinks', () => {
  it.each<[string, string, SinkClients, string[] | RegExp]>([
    ['one sink', 'emf', ALL, ['emf']],
    [
      'in the order of the setting',
      'pushgateway,emf,putmetricdata',
      ALL,
      ['pushgateway', 'emf', 'putmetricdata'],
    ],
    [
      'a sink without its client',
      'emf,putmetricdata',
      { write: ALL.write! },
      /the sink putmetricdata cannot be used here/,
    ],
  ])('%s', (_what, sinks, clients, expected) => {
    const build = () => buildSinks(pushFor(sinks), clients).map((s) => s.name)
    if (expected instanceof RegExp) expect(build).toThrow(ConfigError)
    if (expected instanceof RegExp) expect(build).toThrow(expected)
    else expect(build()).toEqual(expected)
  })

  it('makes the PutMetricData client on first send, and again after a failure', async () => {
    let made = 0
    const calls: unknown[] = []
    const [sink] = buildSinks(pushFor('putmetricdata'), {
      putMetricData: async () => {
        made += 1
        if (made === 1) throw new Error('SDK chunk missing')
        return { putMetricData: async (input) => void calls.push(input) }
      },
    })
    expect(made).toBe(0)
    const opts = { signal: AbortSignal.timeout(5_000), now: Date.now }
    await expect(sink!.send([result()], opts)).rejects.toThrow('SDK chunk missing')
    expect((await sink!.send([result()], opts)).ok).toBe(true)
    expect((await sink!.send([result()], opts)).ok).toBe(true)
    expect(made).toBe(2)
    expect(calls).toHaveLength(2)
  })
})
