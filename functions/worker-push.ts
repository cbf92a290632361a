// The Worker's push: the cron run collects every target, or (REDIS_EXPORTER_PUSH_SHARDS > 1) only
// sends one Queues message per shard, each consumed by its own `queue` invocation.
import type { PushOutcome } from '../lib/index'
import {
  ConfigError,
  buildSinks,
  credentialResolver,
  loadWorkerPushConfig,
  pushOnEvent,
  pushOnce,
} from '../lib/index'
import type { CloseablePutMetricDataClient } from './cloudwatch-client'
import { cloudWatchPutClient } from './cloudwatch-client'
import type { Bindings, Runtime } from './worker-runtime'
import { log } from './worker-runtime'
import { inRequestScope } from './worker-transports'

/** How long a cron run may take, collection and sinks included (crons fire at most every minute). */
const PUSH_BUDGET_MS = 50_000

/** The producer binding of wrangler.toml's [[queues.producers]]. */
export const QUEUE_BINDING = 'PUSH_QUEUE'

/** A message of the shard queue: which shard, of how many, for which cron run. */
export interface ShardMessage {
  readonly shard: number
  readonly of: number
  readonly scheduledTime: string
}

interface Producer {
  sendBatch(messages: readonly { body: ShardMessage }[]): Promise<unknown>
}

/** What a cron or queue run pushes (the TARGETS_KV list re-read); ConfigError names the variable. */
export function cronConfig(rt: Runtime, bindings: Bindings) {
  return loadWorkerPushConfig(rt.env, rt.config, bindings)
}
type PushSettings = Awaited<ReturnType<typeof cronConfig>>

/** The queue to send shards to, when the push is sharded; ConfigError when it has no binding. */
export function shardQueue(bindings: Bindings, { push }: PushSettings): Producer | undefined {
  if (push.shards <= 1) return undefined
  const queue = bindings[QUEUE_BINDING] as Partial<Producer> | undefined
  if (typeof queue?.sendBatch !== 'function') {
    throw new ConfigError(
      `REDIS_EXPORTER_PUSH_SHARDS: ${push.shards} shards need the queue binding ${QUEUE_BINDING} (wrangler.toml [[queues.producers]] and [[queues.consumers]]); set it, or REDIS_EXPORTER_PUSH_SHARDS=1`
    )
  }
  return queue as Producer
}

/**
 * The cron run of a sharded push: one message per shard, nothing collected here; the outcome's
 * one sink is the queue, `sent` the messages. A failed send throws: the cron run fails visibly.
 */
export async function enqueueShards(
  queue: Producer,
  of: number,
  scheduledTime: number
): Promise<PushOutcome> {
  const at = new Date(scheduledTime).toISOString()
  const messages = Array.from({ length: of }, (_, shard) => ({
    body: { shard, of, scheduledTime: at },
  }))
  await queue.sendBatch(messages)
  log({ level: 'info', msg: 'push shards enqueued', of, scheduledTime: at })
  const trigger = { kind: 'cron', scheduledTimeMs: scheduledTime } as const
  const sinks = [{ sink: 'queue', ok: true, sent: of }]
  return { ok: true, trigger, targets: [], sinks, failures: [] }
}

/** A message of a Queues batch, as the `queue` handler gets it. */
export interface QueueMessage {
  readonly body: unknown
  ack(): void
  retry(): void
}

/** The `queue` handler: each message's shard in turn, acknowledged or retried (shardPush). */
export async function consumeShards(
  rt: Runtime,
  settings: PushSettings,
  messages: readonly QueueMessage[]
): Promise<void> {
  for (const message of messages) {
    const { ack } = await shardPush(rt, settings, message.body)
    if (ack) message.ack()
    else message.retry()
  }
}

/** The sinks and deps of one push; the PutMetricData clients are closed by `run`'s caller. */
function pushDeps(rt: Runtime, { push, pushgateway, cloudwatch }: PushSettings) {
  const clients: CloseablePutMetricDataClient[] = []
  const putMetricData = async (settings: NonNullable<typeof cloudwatch>) => {
    const client = await cloudWatchPutClient(settings)
    clients.push(client)
    return client
  }
  const sinks = buildSinks(push, {
    ...(cloudwatch ? { putMetricData: () => putMetricData(cloudwatch) } : {}),
    ...(pushgateway ? { pushgateway } : {}),
  })
  const { config, getTransport, env } = rt
  const prepare = credentialResolver({ env })
  const deps = { config, push, sinks, getTransport, prepare, log, state: rt.push }
  return { deps, close: () => clients.forEach((c) => c.close()) }
}

/** One cron run: every target to PutMetricData and/or the Pushgateway, the clients closed after. */
export async function cronPush(
  rt: Runtime,
  settings: PushSettings,
  scheduledTime: number
): Promise<PushOutcome> {
  const { deps, close } = pushDeps(rt, settings)
  const trigger = { kind: 'cron', scheduledTimeMs: scheduledTime } as const
  const deadlineMs = Date.now() + PUSH_BUDGET_MS
  try {
    return await inRequestScope(() =>
      pushOnce(deps, { trigger, deadlineMs, timestampMs: scheduledTime })
    )
  } finally {
    close()
  }
}

/**
 * One queue message: pushes its shard (`{shard, of, scheduledTime}`, checked as a schedule's
 * Input is). Whether to acknowledge it: yes when every sink delivered, when the message is bad
 * (it would fail again) or a duplicate; no (retry) when a sink failed. A retry pushes this shard
 * only, and a Pushgateway PUT per group replaces what the first try left.
 */
export async function shardPush(
  rt: Runtime,
  settings: PushSettings,
  body: unknown
): Promise<{ outcome: PushOutcome; ack: boolean }> {
  const { deps, close } = pushDeps(rt, settings)
  try {
    const outcome = await inRequestScope(() => pushOnEvent(deps, body, PUSH_BUDGET_MS))
    const refused = outcome.trigger.kind === 'refused'
    return { outcome, ack: refused || outcome.sinks.every((s) => s.ok) }
  } finally {
    close()
  }
}
