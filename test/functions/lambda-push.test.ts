import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPushHandler } from '../../functions/lambda-push-handler'
import type { PushOutcome } from '../../functions/lambda-push-handler'
import { cloudWatchPutClient } from '../../functions/cloudwatch-client'
import { lambdaContext } from '../fixtures/lambda/context'
import { fixture, httpEvent } from '../fixtures/lambda/events'
import type { CloudWatchServer } from '../helpers/cloudwatch-server'
import { startCloudWatchServer } from '../helpers/cloudwatch-server'
import { freePort } from '../helpers/free-port'
import type { RedisServer } from '../helpers/redis-server'
import { seedStandardDataset, startRedis } from '../helpers/redis-server'
import { emfProblems } from '../lib/push/emf-spec'

const PASSWORD = 'pw-for-cache-c-91d2'

type Doc = Record<string, unknown> & {
  _aws: { Timestamp: number; CloudWatchMetrics: { Metrics: { Name: string; Unit: string }[] }[] }
}

function connectionsReceived(info: unknown): number {
  return Number(/total_connections_received:(\d+)/.exec(String(info))?.[1])
}

describe('the push handler against real Redis servers', () => {
  let primary: RedisServer
  let replica: RedisServer
  let secured: RedisServer
  let cloudwatch: CloudWatchServer
  let deadPort: number
  /** EMF lines of the targets; `selfLines` holds the push's own (Shard) documents. */
  const lines: string[] = []
  const selfLines: string[] = []
  const logs: Record<string, unknown>[] = []
  let push: ReturnType<typeof createPushHandler>

  const docs = (): Doc[] => lines.map((l) => JSON.parse(l) as Doc)
  const docFor = (target: string): Doc | undefined => docs().find((d) => d['target'] === target)
  /** A Scheduler event of its own minute: a warm container skips a second delivery of one. */
  let minute = 0
  const scheduled = (extra: Record<string, unknown> = {}) => ({
    ...fixture('scheduler'),
    scheduledTime: new Date(Date.parse('2026-11-22T05:00:00Z') + 60_000 * ++minute).toISOString(),
    ...extra,
  })
  const invoke = async (event: unknown): Promise<PushOutcome> => {
    lines.length = 0
    selfLines.length = 0
    logs.length = 0
    return push.handler(event, lambdaContext(20_000, 'redis-exporter-dev-push'))
  }

  beforeAll(async () => {
    primary = await startRedis()
    await seedStandardDataset(primary)
    replica = await startRedis({ replicaOf: { port: primary.port } })
    secured = await startRedis({ password: PASSWORD })
    cloudwatch = await startCloudWatchServer()
    deadPort = await freePort()
    push = createPushHandler(
      {
        REDIS_ADDR: '',
        REDIS_EXPORTER_TARGETS: [
          `${primary.url}?name=primary&dim.cluster=orders`,
          replica.url,
          `redis://127.0.0.1:${deadPort}?name=gone`,
          `${secured.url}?password_env=CACHE_C_PASSWORD`,
        ].join(',\n'),
        CACHE_C_PASSWORD: PASSWORD,
        REDIS_EXPORTER_PUSH_SINKS: 'emf,putmetricdata',
        REDIS_EXPORTER_CLOUDWATCH_NAMESPACE: 'Test/Redis',
        REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS: 'env=test',
      },
      {
        write: async (line) => {
          expect(line.endsWith('\n')).toBe(true)
          const doc = line.slice(0, -1)
          ;(doc.includes('"Shard":') ? selfLines : lines).push(doc)
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
  })
  afterAll(async () => {
    await push?.close()
    await cloudwatch?.close()
    await secured?.stop()
    await replica?.stop()
    await primary?.stop()
  })

  it.each([
    ['an EventBridge rule event', 'eventbridge-rule', 'rule'],
    ['an EventBridge Scheduler event', 'scheduler', 'scheduler'],
  ])('handles %s: every target is sent, the down one with up 0', async (_n, name, kind) => {
    const sentBefore = cloudwatch.requests.length
    const outcome = await invoke(fixture(name))
    expect(outcome.trigger.kind).toBe(kind)
    expect(outcome.ok).toBe(false)
    expect(outcome.targets.map((t) => [t.id, t.up])).toEqual([
      ['primary', true],
      [`127.0.0.1:${replica.port}`, true],
      ['gone', false],
      [`127.0.0.1:${secured.port}`, true],
    ])
    expect(outcome.failures).toHaveLength(1)
    expect(outcome.failures[0]).toMatch(/^target gone: connect ECONNREFUSED/)
    expect(outcome.sinks).toEqual([
      { sink: 'emf', ok: true, sent: expect.any(Number) },
      { sink: 'putmetricdata', ok: true, sent: expect.any(Number) },
    ])

    // EMF: valid documents, one per target, dimensions per target.
    for (const line of lines) expect(emfProblems(line)).toEqual([])
    expect(lines).toHaveLength(4)
    expect(docFor('primary')).toMatchObject({
      role: 'master',
      env: 'test',
      cluster: 'orders',
      redis_up: 1,
      redis_db_keys: 15,
      redis_connected_slaves: 1,
    })
    expect(docFor(`127.0.0.1:${replica.port}`)).toMatchObject({
      role: 'slave',
      redis_up: 1,
      redis_master_link_up: 1,
    })
    expect(docFor('gone')).toMatchObject({ role: 'unknown', redis_up: 0 })
    expect(docFor(`127.0.0.1:${secured.port}`)).toMatchObject({ role: 'master', redis_up: 1 })
    expect(docFor('primary')?._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'Test/Redis',
      Dimensions: [['target', 'role', 'env', 'cluster']],
    })

    // PutMetricData: the same values through the real client, one request.
    const requests = cloudwatch.requests.slice(sentBefore)
    expect(requests).toHaveLength(1)
    expect(requests[0]!.headers['x-amz-target']).toBe('GraniteServiceVersion20100801.PutMetricData')
    const body = requests[0]!.body as {
      Namespace: string
      MetricData: {
        MetricName: string
        Dimensions: { Name: string; Value: string }[]
        Value: number
        Unit: string
      }[]
    }
    expect(body.Namespace).toBe('Test/Redis')
    const emfCount = docs().reduce((n, d) => n + d._aws.CloudWatchMetrics[0]!.Metrics.length, 0)
    expect(body.MetricData).toHaveLength(emfCount)
    const up = body.MetricData.filter((d) => d.MetricName === 'redis_up')
    expect(up.map((d) => [d.Dimensions.find((x) => x.Name === 'target')?.Value, d.Value])).toEqual([
      ['primary', 1],
      [`127.0.0.1:${replica.port}`, 1],
      ['gone', 0],
      [`127.0.0.1:${secured.port}`, 1],
    ])
    expect(up[0]!.Dimensions).toEqual([
      { Name: 'target', Value: 'primary' },
      { Name: 'role', Value: 'master' },
      { Name: 'env', Value: 'test' },
      { Name: 'cluster', Value: 'orders' },
    ])

    // The structured log names what failed; nothing anywhere carries the password.
    const summary = logs.find((l) => l['msg'] === 'push finished with failures')
    expect(summary?.['failures']).toEqual(outcome.failures)
    const everything = JSON.stringify([
      lines,
      logs,
      outcome,
      cloudwatch.requests.map((r) => r.body),
    ])
    expect(everything).not.toContain(PASSWORD)
  })

  it('sends counters as rates from the second push of a warm container on, over the same connections', async () => {
    await invoke(scheduled())
    const before = connectionsReceived(await primary.command('INFO', 'stats'))
    for (let i = 0; i < 50; i++) await primary.command('GET', 'user:1')
    await new Promise((r) => setTimeout(r, 1100)) // rates need at least 1 s between samples
    await invoke(scheduled())
    const after = connectionsReceived(await primary.command('INFO', 'stats'))
    // 50 helper GETs + the helper INFO, each on its own connection; the push opened none.
    expect(after - before - 51).toBe(0)
    const doc = docFor('primary')!
    expect(doc['redis_keyspace_hits_per_second']).toBeGreaterThan(0)
    expect(doc['redis_commands_processed_per_second']).toBeGreaterThan(0)
    const units = Object.fromEntries(
      doc._aws.CloudWatchMetrics[0]!.Metrics.map((m) => [m.Name, m.Unit])
    )
    expect(units['redis_keyspace_hits_per_second']).toBe('Count/Second')
    expect(units['redis_net_input_bytes_per_second']).toBe('Bytes/Second')
    expect(units['redis_memory_used_bytes']).toBe('Bytes')
    // The down target never has rates.
    expect(Object.keys(docFor('gone')!).filter((k) => k.endsWith('_per_second'))).toEqual([])
  })

  it('uses a recent schedule time as the timestamp of the data points', async () => {
    const time = new Date(Math.floor(Date.now() / 60_000) * 60_000)
    await invoke({ ...fixture('eventbridge-rule'), time: time.toISOString() })
    expect(docs().map((d) => d._aws.Timestamp)).toEqual([
      time.getTime(),
      time.getTime(),
      time.getTime(),
      time.getTime(),
    ])
  })

  it('retries a throttled PutMetricData and delivers', async () => {
    const before = cloudwatch.requests.length
    cloudwatch.failNext(2)
    const outcome = await invoke(scheduled())
    expect(outcome.sinks.find((s) => s.sink === 'putmetricdata')?.ok).toBe(true)
    expect(cloudwatch.requests.slice(before).map((r) => r.status)).toEqual([400, 400, 200])
  })

  it('reports a PutMetricData that stays throttled, and still writes EMF', async () => {
    cloudwatch.failNext(5)
    const outcome = await invoke(scheduled())
    expect(outcome.sinks).toEqual([
      { sink: 'emf', ok: true, sent: expect.any(Number) },
      { sink: 'putmetricdata', ok: false, sent: 0 },
    ])
    const failure = outcome.failures.find((f) => f.startsWith('putmetricdata'))
    expect(failure).toMatch(/Throttling/)
    expect(failure).toContain('primary')
    expect(lines).toHaveLength(4)
  })

  it.each(['function-url-v2', 'api-gateway-v2', 'alb'] as const)(
    'refuses a %s HTTP event with a one-line reason, without pushing or throwing',
    async (kind) => {
      const outcome = await invoke(httpEvent(kind))
      const reason =
        'not a schedule event: got an HTTP event; HTTP goes to the scrape function (handler lambda-scrape.handler)'
      expect(outcome).toEqual({
        ok: false,
        trigger: { kind: 'refused' },
        targets: [],
        sinks: [],
        failures: [reason],
      })
      expect(logs).toEqual([{ level: 'error', msg: 'bad event', error: reason }])
      expect(lines).toEqual([])
    }
  )

  it('writes the self-metrics of the push as one EMF document with the Shard dimension', async () => {
    const outcome = await invoke(scheduled())
    expect(selfLines).toHaveLength(1)
    expect(emfProblems(selfLines[0]!)).toEqual([])
    const doc = JSON.parse(selfLines[0]!) as Doc
    expect(doc).toMatchObject({ Shard: '0/1', PushTargets: 4, PushTargetsUp: 3 })
    expect(doc['PushDuration']).toBeGreaterThan(0)
    expect(doc['PushCpuTime']).toBeGreaterThan(0)
    expect(doc._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'Test/Redis',
      Dimensions: [['Shard']],
    })
    expect(outcome.targets).toHaveLength(4)
  })

  it('collects only the targets of the shard the schedule names, the others in the other shards', async () => {
    const seen: string[] = []
    for (const shard of [0, 1, 2]) {
      const outcome = await invoke(scheduled({ shard, of: 3 }))
      expect(outcome.trigger.shard).toEqual({ index: shard, of: 3 })
      seen.push(...outcome.targets.map((t) => t.id))
      expect(JSON.parse(selfLines[0]!)).toMatchObject({
        Shard: `${shard}/3`,
        PushTargets: outcome.targets.length,
      })
    }
    expect(seen.sort()).toEqual(
      ['primary', `127.0.0.1:${replica.port}`, 'gone', `127.0.0.1:${secured.port}`].sort()
    )
  })

  it('skips a second delivery of a shard and scheduled time it already pushed', async () => {
    const event = scheduled({ shard: 1, of: 2 })
    const first = await invoke(event)
    const again = await invoke(event)
    expect(first.duplicate).toBeUndefined()
    expect(again).toMatchObject({ ok: true, duplicate: true, targets: [], sinks: [] })
    expect(lines).toEqual([])
    expect(logs).toEqual([
      {
        level: 'warn',
        msg: 'duplicate delivery skipped',
        shard: '1/2',
        scheduledTime: event.scheduledTime,
      },
    ])
    // Another shard of the same minute is no duplicate.
    expect((await invoke({ ...event, shard: 0 })).duplicate).toBeUndefined()
  })

  it('pushes a repeated event that names no shard again (a rule, a direct invoke)', async () => {
    const rule = fixture('eventbridge-rule')
    await invoke(rule)
    const again = await invoke(rule)
    expect(again.duplicate).toBeUndefined()
    expect(again.targets).toHaveLength(4)
  })

  it.each<[Record<string, unknown>, RegExp]>([
    [{ shard: 3, of: 3 }, /"shard" must be a whole number from 0 to 2 \(of is 3; got 3\)/],
    [
      { shard: 0 },
      /"of" must be the number of shards, a whole number from 1 to 100 \(got nothing\)/,
    ],
    [{ shard: -1, of: 2 }, /"shard" must be a whole number from 0 to 1/],
    [{ shard: 0, of: 1000 }, /"of" must be the number of shards/],
    [{ shard: 0.5, of: 2 }, /"shard" must be a whole number/],
  ])('refuses the schedule input %j, naming the member, without pushing', async (extra, reason) => {
    const outcome = await invoke(scheduled(extra))
    expect(outcome).toMatchObject({ ok: false, trigger: { kind: 'refused' }, targets: [] })
    expect(outcome.failures[0]).toMatch(reason)
    expect(lines).toEqual([])
  })

  it.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'tick'],
    ['a number', 42],
    ['an array', []],
    ['an empty object', {}],
  ])('takes %s as a direct invocation and pushes', async (_what, event) => {
    const outcome = await invoke(event)
    expect(outcome.trigger).toEqual({ kind: 'direct' })
    expect(outcome.targets).toHaveLength(4)
  })
})

describe('the push handler at init', () => {
  it('logs the startup warnings once, naming variables and never a value', async () => {
    const logs: Record<string, unknown>[] = []
    const push = createPushHandler(
      {
        REDIS_ADDR: 'redis://127.0.0.1:1',
        REDIS_EXPORTER_WEB_TELEMETRY_PATH: '/m',
        REDIS_EXPORTER_INCLUDE_METRICS_FOR_EMPTY_DATABASES: 'false',
        PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '2773',
      },
      { log: (e) => logs.push({ ...e }) }
    )
    try {
      expect(logs.map((l) => [l['level'], l['msg']])).toEqual([
        [
          'warn',
          'REDIS_EXPORTER_INCLUDE_METRICS_FOR_EMPTY_DATABASES is an old spelling; use REDIS_EXPORTER_INCL_METRICS_FOR_EMPTY_DATABASES',
        ],
        [
          'warn',
          'REDIS_EXPORTER_WEB_TELEMETRY_PATH means nothing on the Lambda push function (it is used only by the Node server, the Lambda scrape function, Workers); ignored',
        ],
      ])
    } finally {
      await push.close()
    }
  })

  it('refuses an extension port that is no port, naming the variable', () => {
    expect(() =>
      createPushHandler({ REDIS_ADDR: 'redis://h:1', PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: 'x' })
    ).toThrow(/^PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: "x" is not a port number/)
  })
})
