import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../../lib/config'
import type { PushOnceDeps } from '../../../lib/push/push-once'
import { newPushOnceState, pushOnEvent, pushOnce } from '../../../lib/push/push-once'
import type { PushSink, TargetResult } from '../../../lib/push/types'
import { parseTarget } from '../../../lib/target'
import { fixture, httpEvent } from '../../fixtures/lambda/events'
import { FakeRedis } from '../../helpers/fake-redis'

const config = parseConfig({ REDIS_ADDR: '', REDIS_EXPORTER_SCRAPE_TIMEOUT: '2s' })
const NOW = Date.parse('2026-11-22T04:01:20Z')

/** Push deps over fake transports (`down` ids refuse) and one recording sink. */
function setup(down: string[] = []) {
  const sent: TargetResult[][] = []
  const logs: Record<string, unknown>[] = []
  const sink: PushSink = {
    name: 'rec',
    async send(results) {
      sent.push([...results])
      return { sink: 'rec', ok: true, sent: results.length, errors: [] }
    },
  }
  const deps: PushOnceDeps = {
    config,
    push: {
      discoverNodes: 'off',
      targets: ['a:1', 'b:2'].map((id) => ({ id, target: parseTarget(id), dimensions: {} })),
    },
    sinks: [sink],
    prepare: async (spec) => spec,
    getTransport: (t) => {
      const fake = new FakeRedis()
      if (down.includes(t.id)) fake.setMode('refuse')
      return fake
    },
    state: newPushOnceState(),
    log: (e) => logs.push({ ...e }),
    now: () => NOW,
  }
  return { deps, sent, logs }
}

describe('pushOnce', () => {
  it.each<[string, string[], boolean, string, string]>([
    ['every target up', [], true, 'info', 'push finished'],
    ['a target down', ['b:2'], false, 'error', 'push finished with failures'],
  ])('%s: one outcome and one log line', async (_what, down, ok, level, msg) => {
    const { deps, sent, logs } = setup(down)
    const trigger = { kind: 'direct' } as const
    const outcome = await pushOnce(deps, { trigger, deadlineMs: NOW + 5_000 })
    expect(outcome).toMatchObject({ ok, trigger, sinks: [{ sink: 'rec', ok: true, sent: 2 }] })
    expect(outcome.targets.map((t) => [t.id, t.up])).toEqual([
      ['a:1', true],
      ['b:2', !down.includes('b:2')],
    ])
    expect(sent).toHaveLength(1)
    const summaries = logs.filter((l) => String(l['msg']).startsWith('push finished'))
    expect(summaries).toEqual([{ level, msg, ...outcome }])
  })
})

describe('pushOnEvent', () => {
  it.each<[string, unknown, string, number | undefined]>([
    [
      'a Scheduler event: the schedule time stamps the data',
      fixture('scheduler'),
      'scheduler',
      Date.parse('2026-11-22T04:01:00Z'),
    ],
    ['an EventBridge rule event', fixture('eventbridge-rule'), 'rule', undefined],
    ['a direct invoke: the collection time', {}, 'direct', NOW],
    ['an HTTP event: refused, nothing pushed', httpEvent('alb'), 'refused', undefined],
  ])('%s', async (_what, event, kind, timestampMs) => {
    const { deps, sent, logs } = setup()
    const outcome = await pushOnEvent(deps, event, 10_000)
    expect(outcome.trigger.kind).toBe(kind)
    if (kind === 'refused') {
      expect(outcome).toMatchObject({ ok: false, targets: [], sinks: [] })
      expect(sent).toEqual([])
      expect(logs).toEqual([{ level: 'error', msg: 'bad event', error: outcome.failures[0] }])
      return
    }
    expect(sent[0]).toHaveLength(2)
    if (timestampMs !== undefined) expect(sent[0]![0]!.timestampMs).toBe(timestampMs)
  })
})
