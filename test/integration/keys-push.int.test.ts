import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPushHandler } from '../../functions/lambda-push-handler'
import { cloudWatchPutClient } from '../../functions/cloudwatch-client'
import { lambdaContext } from '../fixtures/lambda/context'
import { fixture } from '../fixtures/lambda/events'
import type { CloudWatchServer } from '../helpers/cloudwatch-server'
import { startCloudWatchServer } from '../helpers/cloudwatch-server'
import type { RedisServer } from '../helpers/redis-server'
import { startRedis } from '../helpers/redis-server'
import { emfProblems } from '../lib/push/emf-spec'

type Wire = {
  MetricData: { MetricName: string; Dimensions: { Name: string; Value: string }[]; Value: number }[]
}

/** Queue lengths pushed to CloudWatch per key: the values a queue-length alarm reads. */
describe('pushing queue lengths per key (EMF and PutMetricData)', () => {
  let redis: RedisServer
  let cloudwatch: CloudWatchServer
  const lines: string[] = []
  const logs: Record<string, unknown>[] = []

  const pushWith = async (env: Record<string, string>) => {
    lines.length = 0
    logs.length = 0
    cloudwatch.requests.length = 0
    const push = createPushHandler(
      {
        REDIS_ADDR: '',
        REDIS_EXPORTER_TARGETS: `${redis.url}?name=queues`,
        REDIS_EXPORTER_PUSH_SINKS: 'emf,putmetricdata',
        REDIS_EXPORTER_CHECK_SINGLE_KEYS: 'db0=queue:emails,db0=queue:sms,db1=celery',
        REDIS_EXPORTER_CHECK_SINGLE_STREAMS: 'db0=events',
        REDIS_EXPORTER_CLOUDWATCH_INCLUDE_METRICS: 'redis_key_size,redis_stream_length',
        ...env,
      },
      {
        write: async (line) => {
          lines.push(line.slice(0, -1))
        },
        log: (e) => logs.push({ ...e }),
        putMetricDataClient: () =>
          cloudWatchPutClient({
            endpoint: cloudwatch.endpoint,
            region: 'us-east-1',
            credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
          }),
      }
    )
    try {
      return await push.handler(fixture('scheduler'), lambdaContext(20_000, 'redis-exporter-push'))
    } finally {
      await push.close()
    }
  }

  beforeAll(async () => {
    ;[redis, cloudwatch] = await Promise.all([startRedis(), startCloudWatchServer()])
    await redis.command('RPUSH', 'queue:emails', 'a', 'b', 'c')
    await redis.command('RPUSH', 'queue:sms', 'a', 'b', 'c', 'd', 'e')
    await redis.command('XADD', 'events', '*', 'k', 'v')
    await redis.command('XADD', 'events', '*', 'k', 'v')
    await redis.command(
      'EVAL',
      "redis.call('SELECT', 1) return redis.call('RPUSH', 'celery', 1, 2, 3, 4, 5, 6, 7)",
      0
    )
  }, 30_000)
  afterAll(async () => {
    await cloudwatch?.close()
    await redis?.stop()
  })

  it('sends one data point per key with db and key dimensions, and the sum per target', async () => {
    const outcome = await pushWith({})
    expect(outcome.ok).toBe(true)
    for (const line of lines) expect(emfProblems(line)).toEqual([])
    const docs = lines.map((l) => JSON.parse(l) as Record<string, unknown>)
    const perKey = docs
      .filter((d) => 'key' in d || 'stream' in d)
      .map((d) => [
        d['db'],
        d['key'] ?? d['stream'],
        d['redis_key_size'] ?? d['redis_stream_length'],
      ])
    expect(perKey).toEqual([
      ['db0', 'queue:emails', 3],
      ['db0', 'queue:sms', 5],
      ['db1', 'celery', 7],
      ['db0', 'events', 2],
    ])
    expect(docs[0]).toMatchObject({ target: 'queues', redis_key_size: 15, redis_stream_length: 2 })
    const wire = cloudwatch.requests.flatMap((r) => (r.body as Wire).MetricData)
    const sms = wire.find((d) =>
      d.Dimensions.some((x) => x.Name === 'key' && x.Value === 'queue:sms')
    )
    expect(sms).toMatchObject({
      MetricName: 'redis_key_size',
      Value: 5,
      Dimensions: [
        { Name: 'target', Value: 'queues' },
        { Name: 'role', Value: 'master' },
        { Name: 'db', Value: 'db0' },
        { Name: 'key', Value: 'queue:sms' },
      ],
    })
  })

  it('caps the per-key data points and says so in the push log line, naming the setting', async () => {
    const outcome = await pushWith({ REDIS_EXPORTER_CLOUDWATCH_MAX_KEY_METRICS: '2' })
    expect(outcome.ok).toBe(true)
    expect(lines.filter((l) => l.includes('"key":') || l.includes('"stream":'))).toHaveLength(2)
    const warning = expect.stringContaining('REDIS_EXPORTER_CLOUDWATCH_MAX_KEY_METRICS')
    expect(outcome.sinks).toEqual([
      { sink: 'emf', ok: true, sent: expect.any(Number), warnings: [warning] },
      { sink: 'putmetricdata', ok: true, sent: expect.any(Number), warnings: [warning] },
    ])
    expect(logs.find((l) => l['msg'] === 'push finished')?.['sinks']).toEqual(outcome.sinks)
  })
})
