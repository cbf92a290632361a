// The sharded push on Workers (REDIS_EXPORTER_PUSH_SHARDS > 1): the cron run sends one Cloudflare
// Queues message per shard, and the `queue` handler pushes the shard of each message, in real
// workerd with Miniflare's local queues (vitest.config.ts binds PUSH_QUEUE and consumes it).
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { SECRETS, captureLogs, expectNoSecrets, h, upstashEnv, worker } from './support'

type Datum = {
  MetricName: string
  Dimensions: { Name: string; Value: string }[]
  Timestamp: number
  Value: number
}
type Captured = { target: string; body: { MetricData: Datum[] } }

const restPort = new URL(h.upstash.url).port
/** A scheduled time `minutesAgo` before this minute: recent, so it is the data points' timestamp. */
const minute = (minutesAgo: number) =>
  Math.floor(Date.now() / 60_000) * 60_000 - minutesAgo * 60_000
const captured = async (): Promise<Captured[]> =>
  (await fetch(`${h.cloudwatch.url}/__captured`)).json()
const dim = (d: Datum, name: string) => d.Dimensions.find((x) => x.Name === name)?.Value

/** redis_up per target among the data points of this scheduled time (and `via`, when given). */
async function upAt(scheduled: number, via?: string): Promise<[string | undefined, number][]> {
  return (await captured())
    .flatMap((c) => c.body.MetricData)
    .filter((d) => d.MetricName === 'redis_up' && d.Timestamp === scheduled / 1000)
    .filter((d) => via === undefined || dim(d, 'via') === via)
    .map((d): [string | undefined, number] => [dim(d, 'target'), d.Value])
    .sort()
}

/** A Worker env: 3 targets (Upstash REST, TCP, one down) in `of` shards, to PutMetricData. */
function shardedEnv(of: number, extra: Record<string, string> = {}) {
  return upstashEnv({
    REDIS_EXPORTER_TARGETS: [
      `redis://127.0.0.1:${restPort}?name=upstash-main`,
      `redis://${h.tcp.host}:${h.tcp.port}?name=tcp-main&password_env=TCP_REDIS_PASSWORD`,
      `redis://127.0.0.1:${h.closedPort}?name=gone`,
    ].join(' '),
    TCP_REDIS_PASSWORD: SECRETS.redisPassword,
    REDIS_EXPORTER_CONNECTION_TIMEOUT: '1s',
    REDIS_EXPORTER_PUSH_SHARDS: String(of),
    REDIS_EXPORTER_PUSH_SINKS: 'putmetricdata',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDWORKERTEST',
    AWS_SECRET_ACCESS_KEY: SECRETS.awsSecret,
    AWS_ENDPOINT_URL_CLOUDWATCH: h.cloudwatch.url,
    ...extra,
  }).env
}

/** The `queue` handler over one batch; resolves with which messages it acked and retried. */
async function consume(bindings: Record<string, unknown>, bodies: readonly unknown[]) {
  const messages = bodies.map((body, i) => ({
    id: `m${i}`,
    timestamp: new Date(),
    attempts: 1,
    body,
  }))
  const batch = createMessageBatch('redis-exporter-push-shards', messages)
  const ctx = createExecutionContext()
  const { logs } = await captureLogs(() => worker.queue(batch, bindings))
  const result = await getQueueResult(batch, ctx)
  return { ...result, logs }
}

describe('the sharded push through Cloudflare Queues', () => {
  it('pushes each message’s shard once: together the shards report every target exactly once', async () => {
    const scheduled = minute(1)
    const at = new Date(scheduled).toISOString()
    const bindings = shardedEnv(3)
    const bodies = [0, 1, 2].map((shard) => ({ shard, of: 3, scheduledTime: at }))
    const result = await consume(bindings, bodies)
    expect(result.explicitAcks.sort()).toEqual(['m0', 'm1', 'm2'])
    expect(result.retryMessages).toEqual([])
    expect(await upAt(scheduled)).toEqual([
      ['gone', 0],
      ['tcp-main', 1],
      ['upstash-main', 1],
    ])
    expectNoSecrets(result.logs.join('\n'))
  })

  it('retries a message whose sink failed, and only that shard is pushed again', async () => {
    // With 2 shards, shard 0 holds upstash-main and tcp-main, shard 1 holds gone (shards.ts).
    const scheduled = minute(2)
    const at = new Date(scheduled).toISOString()
    const down = shardedEnv(2, { AWS_ENDPOINT_URL_CLOUDWATCH: `http://127.0.0.1:${h.closedPort}` })
    const failed = await consume(down, [{ shard: 0, of: 2, scheduledTime: at }])
    expect(failed.explicitAcks).toEqual([])
    expect(failed.retryMessages).toEqual([{ msgId: 'm0' }])
    expect(await upAt(scheduled)).toEqual([])
    // The retry, delivered to a healthy isolate, pushes shard 0 and nothing else.
    const retried = await consume(shardedEnv(2), [{ shard: 0, of: 2, scheduledTime: at }])
    expect(retried.explicitAcks).toEqual(['m0'])
    expect(await upAt(scheduled)).toEqual([
      ['tcp-main', 1],
      ['upstash-main', 1],
    ])
    await consume(shardedEnv(2), [{ shard: 1, of: 2, scheduledTime: at }])
    expect(await upAt(scheduled)).toEqual([
      ['gone', 0],
      ['tcp-main', 1],
      ['upstash-main', 1],
    ])
  })

  it('reads the target list from the TARGETS_KV binding (a real local KV) on every run', async () => {
    const kv = env['TARGETS_KV_TEST'] as { put(key: string, value: string): Promise<void> }
    const { REDIS_EXPORTER_TARGETS: list, ...withoutList } = shardedEnv(2)
    const bindings = { ...withoutList, TARGETS_KV: kv }
    await kv.put('targets', String(list).split(' ').slice(0, 2).join('\n'))
    const first = minute(4)
    const at = (t: number) => new Date(t).toISOString()
    await consume(bindings, [{ shard: 0, of: 2, scheduledTime: at(first) }])
    expect(await upAt(first)).toEqual([
      ['tcp-main', 1],
      ['upstash-main', 1],
    ])
    // The edited list is used by the next run, with no redeploy: `gone` is shard 1's.
    await kv.put('targets', String(list))
    const next = minute(5)
    await consume(bindings, [{ shard: 1, of: 2, scheduledTime: at(next) }])
    expect(await upAt(next)).toEqual([['gone', 0]])
    // Both the variable and the binding: the run fails with a configuration error naming both.
    const both = await captureLogs(() =>
      worker.queue({ messages: [] }, { ...bindings, REDIS_EXPORTER_TARGETS: String(list) }).then(
        () => '',
        (e: unknown) => (e as Error).message
      )
    )
    expect(both.result).toBe('REDIS_EXPORTER_TARGETS and TARGETS_KV: set only one')
  })

  it('acknowledges a bad message without pushing (it would fail forever), naming the field', async () => {
    const result = await consume(shardedEnv(2), [{ shard: 2, of: 2, scheduledTime: 'x' }])
    expect(result.explicitAcks).toEqual(['m0'])
    expect(result.logs.join('\n')).toContain('\\"shard\\" must be a whole number from 0 to 1')
  })

  it('refuses a sharded cron run without the queue binding, naming the setting', async () => {
    const error = await worker.scheduled({ scheduledTime: Date.now() }, shardedEnv(2)).then(
      () => undefined,
      (e: unknown) => e as Error
    )
    expect(error?.message).toMatch(
      /^REDIS_EXPORTER_PUSH_SHARDS: 2 shards need the queue binding PUSH_QUEUE/
    )
  })

  it('enqueues one message per shard from the cron run; the real local queue delivers them to the consumer', async () => {
    const scheduled = minute(3)
    // The bindings the consumer (this Worker, vitest.config.ts) runs with, plus the real producer.
    const outcome = await worker.scheduled({ scheduledTime: scheduled }, env)
    expect(outcome).toMatchObject({
      ok: true,
      targets: [],
      sinks: [{ sink: 'queue', ok: true, sent: 2 }],
    })
    const deadline = Date.now() + 20_000
    let up: [string | undefined, number][] = []
    while (Date.now() < deadline) {
      up = await upAt(scheduled, 'queue')
      if (up.length >= 2) break
      await new Promise((r) => setTimeout(r, 200))
    }
    expect(up).toEqual([
      ['127.0.0.1:' + h.tcp.port, 1],
      ['upstash-main', 1],
    ])
  }, 30_000)
})
