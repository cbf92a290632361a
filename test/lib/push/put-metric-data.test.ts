import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { cloudWatchPutClient } from '../../../functions/cloudwatch-client'
import type { CloudWatchOptions } from '../../../lib/push/push-config'
import type { PutMetricDataClient } from '../../../lib/push/put-metric-data'
import {
  MAX_DATA_PER_REQUEST,
  MAX_REQUEST_BYTES,
  putMetricDataRequests,
  putMetricDataSink,
} from '../../../lib/push/put-metric-data'
import type { TargetResult } from '../../../lib/push/types'
import type { MetricFamily } from '../../../lib/types'
import type { CloudWatchServer } from '../../helpers/cloudwatch-server'
import { startCloudWatchServer } from '../../helpers/cloudwatch-server'
import { cloudWatchData } from '../../../lib/push/cloudwatch-data'
import { CW, family, result } from './families'

type Wire = {
  Namespace: string
  MetricData: {
    MetricName: string
    Dimensions: { Name: string; Value: string }[]
    Timestamp: number
    Value: number
    Unit: string
    StorageResolution: number
  }[]
}

const gauges = (n: number): MetricFamily[] =>
  Array.from({ length: n }, (_, i) =>
    family(`redis_g${String(i).padStart(4, '0')}`, 'gauge', i + 0.5)
  )
const INCLUDE: CloudWatchOptions = { ...CW, include: ['redis_g*'] }
const signal = () => new AbortController().signal

describe('PutMetricData through the real CloudWatchClient', () => {
  let server: CloudWatchServer
  let client: PutMetricDataClient
  beforeAll(async () => {
    server = await startCloudWatchServer()
    client = await cloudWatchPutClient({
      endpoint: server.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
    })
  })
  beforeEach(() => {
    server.requests.length = 0
  })
  afterAll(async () => {
    await server?.close()
  })

  const send = (results: TargetResult[], cw = INCLUDE, retry = {}) =>
    putMetricDataSink({ cloudwatch: cw, client, retry: { baseDelayMs: 5, ...retry } }).send(
      results,
      {
        signal: signal(),
        now: Date.now,
      }
    )

  it('batches 2500 data points into 1000 + 1000 + 500, gzipped, with every value intact', async () => {
    const results = Array.from({ length: 10 }, (_, i) =>
      result({ id: `cache-${i}:6379`, dimensions: { env: 'prod' }, families: gauges(250) })
    )
    const report = await send(results)
    expect(report).toEqual({ sink: 'putmetricdata', ok: true, sent: 2500, errors: [] })
    expect(server.requests.map((r) => (r.body as Wire).MetricData.length)).toEqual([
      1000, 1000, 500,
    ])
    expect(server.requests.every((r) => r.gzip && r.wireBytes < r.jsonBytes)).toBe(true)
    expect(server.requests[0]!.headers['x-amz-target']).toBe(
      'GraniteServiceVersion20100801.PutMetricData'
    )
    expect(server.requests[0]!.headers['authorization']).toContain(
      '/eu-west-1/monitoring/aws4_request'
    )
    const all = server.requests.flatMap((r) => (r.body as Wire).MetricData)
    expect(all[0]).toEqual({
      MetricName: 'redis_g0000',
      Dimensions: [
        { Name: 'target', Value: 'cache-0:6379' },
        { Name: 'role', Value: 'master' },
        { Name: 'env', Value: 'prod' },
      ],
      Timestamp: 1_795_320_000,
      Value: 0.5,
      Unit: 'None',
      StorageResolution: 60,
    })
    const key = (d: Wire['MetricData'][number]) =>
      `${d.Dimensions[0]!.Value}/${d.MetricName}=${d.Value}`
    expect(new Set(all.map(key)).size).toBe(2500)
    expect(
      all.find((d) => d.Dimensions[0]!.Value === 'cache-9:6379' && d.MetricName === 'redis_g0249')
        ?.Value
    ).toBe(249.5)
    expect((server.requests[0]!.body as Wire).Namespace).toBe('RedisExporter')
  })

  it('sends each checked key with the target dimensions plus db and key', async () => {
    const sizes = family(
      'redis_key_size',
      'gauge',
      [{ db: 'db0', key: 'queue:emails' }, 3],
      [{ db: 'db0', key: 'a,b=c\u0001' }, 4]
    )
    const report = await send([result({ dimensions: { env: 'prod' }, families: [sizes] })], {
      ...CW,
      include: ['redis_key_size'],
    })
    expect(report).toEqual({ sink: 'putmetricdata', ok: true, sent: 3, errors: [] })
    const all = server.requests.flatMap((r) => (r.body as Wire).MetricData)
    expect(
      all.map((d) => [d.Dimensions.map((x) => `${x.Name}=${x.Value}`).join(' '), d.Value])
    ).toEqual([
      ['target=cache:6379 role=master env=prod', 7],
      ['target=cache:6379 role=master env=prod db=db0 key=queue:emails', 3],
      ['target=cache:6379 role=master env=prod db=db0 key=a,b=c\\x01', 4],
    ])
  })

  it('sends a small batch uncompressed', async () => {
    await send([result()], CW)
    expect(server.requests).toHaveLength(1)
    expect(server.requests[0]!.gzip).toBe(false)
    expect((server.requests[0]!.body as Wire).MetricData.map((d) => d.MetricName)).toContain(
      'redis_up'
    )
  })

  it('keeps every request under 1 MB when dimensions are large', async () => {
    const dims = Object.fromEntries(
      Array.from({ length: 28 }, (_, i) => [`d${i}`, `${i}`.repeat(1000)])
    )
    const results = Array.from({ length: 4 }, (_, i) =>
      result({ id: `big-${i}:6379`, dimensions: dims, families: gauges(30) })
    )
    const report = await send(results)
    expect(report.ok).toBe(true)
    expect(report.sent).toBe(120)
    expect(server.requests.length).toBeGreaterThan(3)
    for (const r of server.requests) expect(r.jsonBytes).toBeLessThanOrEqual(MAX_REQUEST_BYTES)
    expect(server.requests.reduce((n, r) => n + (r.body as Wire).MetricData.length, 0)).toBe(120)
  })

  it.each([
    [
      'Throttling (query-compatible)',
      { status: 400, type: 'Throttling', message: 'Rate exceeded' },
    ],
    ['ThrottlingException', { status: 400, type: 'ThrottlingException', message: 'Rate exceeded' }],
    ['a 503', { status: 503, type: 'ServiceUnavailable', message: 'try later' }],
  ])('retries %s with backoff and delivers', async (_name, error) => {
    server.failNext(2, error)
    const report = await send([result()], CW)
    expect(report.ok).toBe(true)
    expect(server.requests.map((r) => r.status)).toEqual([error.status, error.status, 200])
  })

  it('does not retry a request CloudWatch refuses as invalid', async () => {
    server.failNext(1, { status: 400, type: 'InvalidParameterValue', message: 'bad value' })
    const report = await send([result()], CW)
    expect(server.requests).toHaveLength(1)
    expect(report.ok).toBe(false)
    expect(report.errors[0]).toMatch(
      /^putmetricdata: request 1\/1 \(7 data points of cache:6379\) failed: .*bad value/
    )
  })

  it('gives up after the attempts run out, reports the targets, and sends the next batch', async () => {
    server.failNext(3)
    const results = [
      result({ id: 'a:1', families: gauges(1000) }),
      result({ id: 'b:1', families: gauges(10) }),
    ]
    const report = await send(results, INCLUDE, { maxAttempts: 3 })
    expect(server.requests.map((r) => r.status)).toEqual([400, 400, 400, 200])
    expect(report.ok).toBe(false)
    expect(report.sent).toBe(10)
    expect(report.errors).toEqual([
      expect.stringMatching(
        /^putmetricdata: request 1\/2 \(1000 data points of a:1\) failed: Throttling/
      ),
    ])
  })

  it('stops retrying when the push deadline aborts it', async () => {
    server.failNext(10)
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('push deadline reached')), 150)
    const started = Date.now()
    const report = await putMetricDataSink({
      cloudwatch: CW,
      client,
      retry: { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 100 },
      random: () => 1,
    }).send([result()], { signal: controller.signal, now: Date.now })
    expect(Date.now() - started).toBeLessThan(2000)
    expect(report.ok).toBe(false)
    expect(server.requests.length).toBeLessThan(10)
  })
})

describe('putMetricDataRequests', () => {
  it.each([
    [1, [1]],
    [1000, [1000]],
    [1001, [1000, 1]],
  ])('splits %i data points as %j', (n, sizes) => {
    const data = [cloudWatchData(result({ families: gauges(n) }), INCLUDE)]
    expect(putMetricDataRequests(data, INCLUDE).map((r) => r.MetricData.length)).toEqual(sizes)
    expect(MAX_DATA_PER_REQUEST).toBe(1000)
  })

  it('returns no request when there is nothing to send', () => {
    expect(putMetricDataRequests([], CW)).toEqual([])
  })
})
