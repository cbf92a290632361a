import { describe, expect, it } from 'vitest'
import { parsePromText } from '../helpers/prom-text'
import {
  SECRETS,
  captureLogs,
  expectNoSecrets,
  h,
  metrics,
  sampleValue,
  tcpEnv,
  upstashEnv,
  upstashStats,
  worker,
} from './support'

type Datum = {
  MetricName: string
  Dimensions: { Name: string; Value: string }[]
  Timestamp: number
  Value: number
  Unit: string
}
type Captured = { target: string; body: { Namespace: string; MetricData: Datum[] } }

const restPort = new URL(h.upstash.url).port
const pgw = h.pushgateway ?? { url: 'http://127.0.0.1:9', username: '', password: '' }
const SCHEDULED = Date.UTC(2026, 4, 1, 12, 0, 0)

function pushEnv(extra: Record<string, string> = {}) {
  const { env, tag } = upstashEnv({
    REDIS_EXPORTER_TARGETS: [
      `redis://127.0.0.1:${restPort}?name=upstash-main`,
      `redis://${h.tcp.host}:${h.tcp.port}?password_env=TCP_REDIS_PASSWORD&dim.tier=tcp`,
    ].join(' '),
    TCP_REDIS_PASSWORD: SECRETS.redisPassword,
    REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS: 'env=test',
    REDIS_EXPORTER_PUSHGATEWAY_URL: pgw.url,
    REDIS_EXPORTER_PUSHGATEWAY_USERNAME: pgw.username,
    REDIS_EXPORTER_PUSHGATEWAY_PASSWORD: pgw.password,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDWORKERTEST',
    AWS_SECRET_ACCESS_KEY: SECRETS.awsSecret,
    AWS_ENDPOINT_URL_CLOUDWATCH: h.cloudwatch.url,
    ...extra,
  })
  return { env, tag }
}

const pushgatewayPage = async () =>
  parsePromText(
    await (
      await fetch(`${pgw.url}/metrics`, {
        headers: {
          authorization: `Basic ${btoa(`${pgw.username}:${pgw.password}`)}`,
        },
      })
    ).text()
  )
const captured = async (): Promise<Captured[]> =>
  (await fetch(`${h.cloudwatch.url}/__captured`)).json()

describe.skipIf(!h.pushgateway)('the cron push (scheduled) from workerd', () => {
  it('collects an Upstash REST and a TCP target and lands them in the Pushgateway and PutMetricData', async () => {
    const { env, tag } = pushEnv()
    const before = (await captured()).length
    const { result, logs } = await captureLogs(() =>
      worker.scheduled({ scheduledTime: SCHEDULED }, env)
    )
    expect(result.failures).toEqual([])
    expect(result.ok).toBe(true)
    expect(result.targets.map((t) => [t.id, t.up])).toEqual([
      ['upstash-main', true],
      [`127.0.0.1:${h.tcp.port}`, true],
    ])
    expect(result.sinks.map((s) => [s.sink, s.ok])).toEqual([
      ['putmetricdata', true],
      ['pushgateway', true],
    ])
    expect(await upstashStats(tag)).toMatchObject({ requests: 1, commands: 1 })

    const page = await pushgatewayPage()
    const upstashGroup = { job: 'redis_exporter', instance: 'upstash-main', env: 'test' }
    const tcpGroup = {
      job: 'redis_exporter',
      instance: `127.0.0.1:${h.tcp.port}`,
      env: 'test',
      tier: 'tcp',
    }
    expect(sampleValue(page, 'redis_up', upstashGroup)).toBe(1)
    expect(sampleValue(page, 'redis_db_keys', { ...upstashGroup, db: 'db0' })).toBe(10)
    expect(sampleValue(page, 'redis_up', tcpGroup)).toBe(1)
    expect(sampleValue(page, 'redis_db_keys', { ...tcpGroup, db: 'db1' })).toBe(3)
    expect(sampleValue(page, 'push_failure_time_seconds', tcpGroup)).toBe(0)

    const calls = (await captured()).slice(before)
    expect(calls.length).toBeGreaterThanOrEqual(1)
    expect(calls.every((c) => c.target === 'GraniteServiceVersion20100801.PutMetricData')).toBe(
      true
    )
    const data = calls.flatMap((c) => c.body.MetricData)
    expect(new Set(calls.map((c) => c.body.Namespace))).toEqual(new Set(['RedisExporter']))
    expect(new Set(data.map((d) => d.Timestamp))).toEqual(new Set([SCHEDULED / 1000]))
    const targets = new Set(data.map((d) => d.Dimensions.find((x) => x.Name === 'target')?.Value))
    expect(targets).toEqual(new Set(['upstash-main', `127.0.0.1:${h.tcp.port}`]))
    expect(data.find((d) => d.MetricName === 'redis_up')?.Value).toBe(1)

    expect(logs.some((l) => l.includes('"msg":"push finished"'))).toBe(true)
    expectNoSecrets(JSON.stringify(result) + logs.join('\n') + JSON.stringify(calls))
  })

  it('closes the TCP connection before the cron run ends', async () => {
    await worker.scheduled(
      { scheduledTime: SCHEDULED },
      pushEnv({ REDIS_EXPORTER_PUSH_SINKS: 'pushgateway' }).env
    )
    const { families } = await metrics(tcpEnv())
    expect(sampleValue(families, 'redis_connected_clients')).toBe(1)
  })

  it('reports a sink failure without losing the other sink, and never prints a secret', async () => {
    const { env } = pushEnv({ REDIS_EXPORTER_PUSHGATEWAY_PASSWORD: 'wrong-pushgateway-password-3' })
    const { result, logs } = await captureLogs(() =>
      worker.scheduled({ scheduledTime: SCHEDULED }, env)
    )
    expect(result.ok).toBe(false)
    expect(result.sinks.find((s) => s.sink === 'putmetricdata')?.ok).toBe(true)
    expect(result.failures).toEqual([
      expect.stringMatching(/^pushgateway: target upstash-main: HTTP 401: Unauthorized/),
      expect.stringMatching(/^pushgateway: target 127\.0\.0\.1:\d+: HTTP 401: Unauthorized/),
    ])
    expect(logs.some((l) => l.includes('"level":"error"') && l.includes('push finished'))).toBe(
      true
    )
    expect(JSON.stringify(result) + logs.join('\n')).not.toContain('wrong-pushgateway-password-3')
  })

  it('pushes a down target as redis_up 0 with its reason', async () => {
    const { env } = pushEnv({
      REDIS_EXPORTER_TARGETS: `redis://127.0.0.1:${h.closedPort}?name=gone`,
      REDIS_EXPORTER_PUSH_SINKS: 'pushgateway',
      REDIS_EXPORTER_CONNECTION_TIMEOUT: '1s',
    })
    const result = await worker.scheduled({ scheduledTime: SCHEDULED }, env)
    expect(result.targets[0]).toMatchObject({ id: 'gone', up: false })
    const page = await pushgatewayPage()
    expect(
      sampleValue(page, 'redis_up', { instance: 'gone', job: 'redis_exporter', env: 'test' })
    ).toBe(0)
  })

  it.each([
    [
      'no sink configured',
      { REDIS_EXPORTER_PUSHGATEWAY_URL: '', AWS_ACCESS_KEY_ID: '' },
      /REDIS_EXPORTER_PUSH_SINKS: name at least one of putmetricdata, pushgateway/,
    ],
    [
      'the EMF sink (Lambda only)',
      { REDIS_EXPORTER_PUSH_SINKS: 'emf' },
      /REDIS_EXPORTER_PUSH_SINKS: "emf" is not a sink here/,
    ],
    [
      'PutMetricData without a region',
      { REDIS_EXPORTER_PUSH_SINKS: 'putmetricdata', AWS_REGION: '' },
      /AWS_REGION: must be set to push with PutMetricData/,
    ],
    [
      'a password inline in a target',
      { REDIS_EXPORTER_TARGETS: `redis://:${SECRETS.redisPassword}@h:1` },
      /carries a password inline/,
    ],
  ])('fails the cron run on %s, naming the variable', async (_name, extra, message) => {
    const { env } = pushEnv(extra)
    const { result, logs } = await captureLogs(() =>
      worker.scheduled({ scheduledTime: SCHEDULED }, env).then(
        () => undefined,
        (e: unknown) => e as Error
      )
    )
    expect(result?.name).toBe('ConfigError')
    expect(result?.message).toMatch(message)
    expect(logs.join('\n')).toMatch(/"msg":"configuration error"/)
    expectNoSecrets(String(result) + logs.join('\n'))
  })
})
