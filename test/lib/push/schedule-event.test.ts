import { describe, expect, it } from 'vitest'
import { RequestError } from '../../../lib/errors'
import { describeEvent, parseScheduleEvent, pushTimestamp } from '../../../lib/push/schedule-event'
import { fixture, httpEvent } from '../../fixtures/lambda/events'

describe('parseScheduleEvent', () => {
  it.each([['function-url-v2'], ['api-gateway-v2'], ['alb']] as const)(
    'refuses a %s HTTP event',
    (kind) => {
      expect(() => parseScheduleEvent(httpEvent(kind))).toThrow(RequestError)
    }
  )

  it('reads the EventBridge rule envelope', () => {
    expect(parseScheduleEvent(fixture('eventbridge-rule'))).toEqual({
      kind: 'rule',
      scheduledTimeMs: Date.parse('2026-11-22T04:00:00Z'),
      source:
        'arn:aws:events:us-east-1:123456789012:rule/redis-exporter-dev-PushEventsRuleSchedule1-1QW8X5RZ6V3B',
    })
  })

  it('reads the EventBridge Scheduler input', () => {
    expect(parseScheduleEvent(fixture('scheduler'))).toEqual({
      kind: 'scheduler',
      scheduledTimeMs: Date.parse('2026-11-22T04:01:00Z'),
      source:
        'arn:aws:scheduler:us-east-1:123456789012:schedule/default/redis-exporter-dev-push-schedule-1',
    })
  })

  it.each([
    [{}, { kind: 'direct' }],
    [null, { kind: 'direct' }],
    ['tick', { kind: 'direct' }],
    [
      { source: 'scheduler', scheduledTime: '<aws.scheduler.scheduled-time>' },
      { kind: 'scheduler' },
    ],
    [{ source: 'aws.events', 'detail-type': 'Scheduled Event' }, { kind: 'rule' }],
  ])('%j is %j', (event, trigger) => {
    expect(parseScheduleEvent(event)).toEqual(trigger)
  })
})

describe('describeEvent', () => {
  it.each<[unknown, string]>([
    [null, 'null'],
    [undefined, 'no event'],
    ['tick', 'a string'],
    [1, 'a number'],
    [[], 'an array'],
    [{}, 'an object'],
    [fixture('eventbridge-rule'), 'an EventBridge scheduled event'],
    [fixture('scheduler'), 'an EventBridge scheduled event'],
    [httpEvent('function-url-v2'), 'an HTTP event'],
    [httpEvent('alb'), 'an HTTP event'],
  ])('%j is %s', (event, what) => {
    expect(describeEvent(event)).toBe(what)
  })
})

describe('pushTimestamp', () => {
  const now = Date.parse('2026-11-22T04:01:07Z')
  it.each([
    [Date.parse('2026-11-22T04:01:00Z'), Date.parse('2026-11-22T04:01:00Z')],
    [Date.parse('2026-11-22T03:30:00Z'), now],
    [Date.parse('2026-11-22T04:05:00Z'), now],
    [undefined, now],
  ])('uses the schedule time %s only when recent: %s', (scheduled, expected) => {
    const trigger =
      scheduled === undefined
        ? { kind: 'direct' as const }
        : { kind: 'rule' as const, scheduledTimeMs: scheduled }
    expect(pushTimestamp(trigger, now)).toBe(expected)
  })
})

describe('parseScheduleEvent with a shard', () => {
  const input = { source: 'scheduler', scheduledTime: '2026-11-22T04:01:00Z' }
  it.each<[Record<string, unknown>, unknown]>([
    [
      { ...input, shard: 0, of: 1 },
      { index: 0, of: 1 },
    ],
    [
      { ...input, shard: 3, of: 4 },
      { index: 3, of: 4 },
    ],
    [
      { ...input, shard: '7', of: '8' },
      { index: 7, of: 8 },
    ],
    [
      { shard: 99, of: 100 },
      { index: 99, of: 100 },
    ],
    [input, undefined],
  ])('reads %j as shard %j', (event, shard) => {
    expect(parseScheduleEvent(event).shard).toEqual(shard)
  })

  it('keeps the schedule time and kind next to the shard', () => {
    expect(parseScheduleEvent({ ...input, shard: 1, of: 2 })).toEqual({
      kind: 'scheduler',
      scheduledTimeMs: Date.parse('2026-11-22T04:01:00Z'),
      shard: { index: 1, of: 2 },
    })
  })

  it.each<[Record<string, unknown>, string]>([
    [{ shard: 0 }, '"of" must be the number of shards, a whole number from 1 to 100 (got nothing)'],
    [{ of: 2 }, '"shard" must be a whole number from 0 to 1 (of is 2; got nothing)'],
    [{ shard: 2, of: 2 }, '"shard" must be a whole number from 0 to 1 (of is 2; got 2)'],
    [{ shard: -1, of: 2 }, '"shard" must be a whole number from 0 to 1 (of is 2; got -1)'],
    [
      { shard: 0, of: 0 },
      '"of" must be the number of shards, a whole number from 1 to 100 (got 0)',
    ],
    [
      { shard: 0, of: 101 },
      '"of" must be the number of shards, a whole number from 1 to 100 (got 101)',
    ],
    [{ shard: 1.5, of: 2 }, '"shard" must be a whole number from 0 to 1 (of is 2; got 1.5)'],
    [
      { shard: 0, of: 'many' },
      '"of" must be the number of shards, a whole number from 1 to 100 (got "many")',
    ],
    [
      { shard: 'x'.repeat(5000), of: 2 },
      '"shard" must be a whole number from 0 to 1 (of is 2; got "xxxxxxxxxxxxxxxxxxx)',
    ],
  ])('refuses %j, naming the member', (extra, message) => {
    expect(() => parseScheduleEvent({ ...input, ...extra })).toThrow(RequestError)
    expect(() => parseScheduleEvent({ ...input, ...extra })).toThrow(`bad event: ${message}`)
  })
})
