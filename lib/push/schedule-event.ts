import { RequestError } from '../errors'

/** What invoked the push handler. */
export interface ScheduleTrigger {
  /** `rule`: EventBridge rule envelope; `scheduler`: EventBridge Scheduler Input; `direct`: anything else. */
  readonly kind: 'rule' | 'scheduler' | 'direct'
  /** The schedule's time, epoch ms, when the event carries one. */
  readonly scheduledTimeMs?: number
  /** The rule or schedule ARN, when the event carries one. */
  readonly source?: string
}

/**
 * Recognises the two scheduled shapes: the EventBridge rule envelope
 * (`{"source":"aws.events","detail-type":"Scheduled Event","time":…,"resources":[rule ARN]}`) and the
 * Input this project configures on EventBridge Scheduler
 * (`{"source":"scheduler","scheduledTime":"<aws.scheduler.scheduled-time>","scheduleArn":…}`).
 * Any other object is a `direct` invocation. An HTTP event is refused: it was routed to the wrong
 * function, and answering it would hide that.
 */
export function parseScheduleEvent(event: unknown): ScheduleTrigger {
  const e = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>
  if ('requestContext' in e || 'httpMethod' in e || 'rawPath' in e) {
    throw new RequestError(
      'the push handler got an HTTP event; route HTTP to the scrape function (handler lambda-scrape.handler)'
    )
  }
  if (e['source'] === 'aws.events' && e['detail-type'] === 'Scheduled Event') {
    const resources = Array.isArray(e['resources']) ? e['resources'] : []
    return withTime('rule', e['time'], typeof resources[0] === 'string' ? resources[0] : undefined)
  }
  if (e['source'] === 'scheduler' || typeof e['scheduledTime'] === 'string') {
    const arn = typeof e['scheduleArn'] === 'string' ? e['scheduleArn'] : undefined
    return withTime('scheduler', e['scheduledTime'], arn)
  }
  return { kind: 'direct' }
}

function withTime(
  kind: ScheduleTrigger['kind'],
  time: unknown,
  source: string | undefined
): ScheduleTrigger {
  const ms = typeof time === 'string' ? Date.parse(time) : NaN
  return {
    kind,
    ...(Number.isFinite(ms) ? { scheduledTimeMs: ms } : {}),
    ...(source ? { source } : {}),
  }
}

/**
 * The data points' timestamp: the schedule's time when it is plausible (at most 15 minutes old and
 * 1 minute ahead), so points of one schedule line up on the minute; otherwise the collection time.
 */
export function pushTimestamp(trigger: ScheduleTrigger, nowMs: number): number {
  const t = trigger.scheduledTimeMs
  if (t !== undefined && t >= nowMs - 15 * 60_000 && t <= nowMs + 60_000) return t
  return nowMs
}
