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
