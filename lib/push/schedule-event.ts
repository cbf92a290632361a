import { RequestError } from '../errors'
import type { Shard } from './shards'
import { MAX_SHARDS } from './shards'

/** What invoked the push handler. */
export interface ScheduleTrigger {
  /**
   * `rule`: EventBridge rule envelope; `scheduler`: EventBridge Scheduler Input; `direct`: anything
   * else; `refused`: an event meant for the scrape function, answered without pushing; `cron`: a
   * Cloudflare Workers cron trigger.
   */
  readonly kind: 'rule' | 'scheduler' | 'direct' | 'refused' | 'cron'
  /** The schedule's time, epoch ms, when the event carries one. */
  readonly scheduledTimeMs?: number
  /** The rule or schedule ARN, when the event carries one. */
  readonly source?: string
  /** The part of the fleet this invocation collects (`shard` and `of` of the event); absent: all. */
  readonly shard?: Shard
}

/**
 * Recognises the two scheduled shapes: the EventBridge rule envelope
 * (`{"source":"aws.events","detail-type":"Scheduled Event","time":…,"resources":[rule ARN]}`) and the
 * Input this project configures on EventBridge Scheduler
 * (`{"source":"scheduler","scheduledTime":"<aws.scheduler.scheduled-time>","scheduleArn":…}`).
 * Anything else (another object, no payload, a string) is a `direct` invocation. An HTTP event is
 * refused with RequestError: it was routed to the wrong function, and answering it would hide that.
 */
export function parseScheduleEvent(event: unknown): ScheduleTrigger {
  // Any payload of a direct invoke (`{}`, none, "tick") is a request to push now.
  if (!isObject(event)) return { kind: 'direct' }
  if (describeEvent(event) === 'an HTTP event') {
    throw new RequestError(
      'not a schedule event: got an HTTP event; HTTP goes to the scrape function (handler lambda-scrape.handler)'
    )
  }
  const trigger = triggerOf(event)
  const shard = parseShard(event)
  return shard ? { ...trigger, shard } : trigger
}

function triggerOf(e: Readonly<Record<string, unknown>>): ScheduleTrigger {
  if (e['source'] === 'aws.events' && e['detail-type'] === 'Scheduled Event') {
    const resources = Array.isArray(e['resources']) ? e['resources'] : []
    return withTime('rule', e['time'], typeof resources[0] === 'string' ? resources[0] : undefined)
  }
  if (isScheduledEvent(e)) {
    const arn = typeof e['scheduleArn'] === 'string' ? e['scheduleArn'] : undefined
    return withTime('scheduler', e['scheduledTime'], arn)
  }
  return { kind: 'direct' }
}

/**
 * The `shard` and `of` members of a schedule's Input (or a queue message, or a direct invoke):
 * both or neither; `of` a whole number from 1 to MAX_SHARDS, `shard` from 0 to `of` - 1. A bad
 * value is refused (RequestError naming the member): pushing the wrong part of the fleet, or all
 * of it from every schedule, would report targets twice or not at all.
 */
export function parseShard(e: Readonly<Record<string, unknown>>): Shard | undefined {
  if (!('shard' in e) && !('of' in e)) return undefined
  const of = wholeNumber(e['of'])
  if (of === undefined || of < 1 || of > MAX_SHARDS) {
    throw new RequestError(
      `bad event: "of" must be the number of shards, a whole number from 1 to ${MAX_SHARDS} (got ${shown(e['of'])})`
    )
  }
  const index = wholeNumber(e['shard'])
  if (index === undefined || index < 0 || index >= of) {
    throw new RequestError(
      `bad event: "shard" must be a whole number from 0 to ${of - 1} (of is ${of}; got ${shown(e['shard'])})`
    )
  }
  return { index, of }
}

function wholeNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : undefined
  if (typeof v === 'string' && /^\d{1,6}$/.test(v)) return Number(v)
  return undefined
}

/** A member's value for an error, at most 20 characters (an event is not a secret, but bounded). */
const shown = (v: unknown): string =>
  v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v)).slice(0, 20)

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** The EventBridge rule envelope, or the Input this project gives EventBridge Scheduler. */
export function isScheduledEvent(e: Readonly<Record<string, unknown>>): boolean {
  return (
    (e['source'] === 'aws.events' && e['detail-type'] === 'Scheduled Event') ||
    e['source'] === 'scheduler' ||
    typeof e['scheduledTime'] === 'string'
  )
}

/**
 * What a Lambda event is, in a few words, for the one-line reason either function gives when it
 * got an event meant for the other one (or no usable event at all).
 */
export function describeEvent(event: unknown): string {
  if (event === null) return 'null'
  if (event === undefined) return 'no event'
  if (Array.isArray(event)) return 'an array'
  if (typeof event !== 'object') return `a ${typeof event}`
  const e = event as Record<string, unknown>
  if (isScheduledEvent(e)) return 'an EventBridge scheduled event'
  if ('requestContext' in e || 'httpMethod' in e || 'rawPath' in e) return 'an HTTP event'
  return 'an object'
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
