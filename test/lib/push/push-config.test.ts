import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../../lib/config'
import type { EnvRecord } from '../../../lib/config'
import { ConfigError } from '../../../lib/errors'
import { parsePushConfig } from '../../../lib/push/push-config'

const core = parseConfig({ REDIS_ADDR: 'redis://main:6379' })
const parse = (env: EnvRecord) => parsePushConfig(env, core)

function configError(fn: () => unknown): ConfigError {
  try {
    fn()
  } catch (err) {
    if (err instanceof ConfigError) return err
    throw err
  }
  throw new Error('expected a ConfigError')
}

describe('parsePushConfig: refused settings', () => {
  it.each([
    [
      { REDIS_EXPORTER_TARGETS: 'redis://:hunter2@cache:6379' },
      'REDIS_EXPORTER_TARGETS',
      'password_env',
    ],
    [
      { REDIS_EXPORTER_TARGETS: 'redis://admin:hunter2@cache:6379' },
      'REDIS_EXPORTER_TARGETS',
      'inline',
    ],
    [{ REDIS_EXPORTER_TARGETS: 'http://cache:6379' }, 'REDIS_EXPORTER_TARGETS', 'scheme'],
    [
      { REDIS_EXPORTER_TARGETS: 'cache:6379?password=hunter2' },
      'REDIS_EXPORTER_TARGETS',
      'unknown parameter',
    ],
    [
      { REDIS_EXPORTER_TARGETS: 'cache:6379?password_env=1BAD' },
      'REDIS_EXPORTER_TARGETS',
      'environment variable',
    ],
    [
      { REDIS_EXPORTER_TARGETS: 'cache:6379?password_env=A&password_secret=B' },
      'REDIS_EXPORTER_TARGETS',
      'only one',
    ],
    [{ REDIS_EXPORTER_TARGETS: 'cache:6379,cache:6379/1' }, 'REDIS_EXPORTER_TARGETS', 'name=<id>'],
    [
      { REDIS_EXPORTER_TARGETS: 'redis://a:@cache:6379?user=b' },
      'REDIS_EXPORTER_TARGETS',
      'user once',
    ],
    [{ REDIS_EXPORTER_TARGETS: 'cache:6379?dim.target=x' }, 'reserved', 'target'],
    [{ REDIS_EXPORTER_TARGETS: 'cache:6379?dim.redis_x=1' }, 'reserved', 'redis_'],
    [{ REDIS_EXPORTER_TARGETS: 'cache:6379?dim.env=' }, 'REDIS_EXPORTER_TARGETS', '1 to 1024'],
    [
      { REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS: 'env' },
      'REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS',
      'key=value',
    ],
    [
      { REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS: '9x=1' },
      'REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS',
      'not valid',
    ],
    [
      { REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS: 'a=1,a=2' },
      'REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS',
      'twice',
    ],
    [
      {
        REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS: Array.from({ length: 29 }, (_, i) => `d${i}=v`).join(
          ','
        ),
      },
      'REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS',
      'at most 28',
    ],
    [
      { REDIS_EXPORTER_CLOUDWATCH_NAMESPACE: 'AWS/ElastiCache' },
      'REDIS_EXPORTER_CLOUDWATCH_NAMESPACE',
      'AWS/',
    ],
    [
      { REDIS_EXPORTER_CLOUDWATCH_NAMESPACE: 'bad*ns' },
      'REDIS_EXPORTER_CLOUDWATCH_NAMESPACE',
      'namespace',
    ],
    [{ REDIS_EXPORTER_PUSH_SINKS: 'emf,kafka' }, 'REDIS_EXPORTER_PUSH_SINKS', 'emf, putmetricdata'],
    [{ REDIS_EXPORTER_PUSH_SINKS: ' , ' }, 'REDIS_EXPORTER_PUSH_SINKS', 'at least one'],
    [
      { REDIS_EXPORTER_CLOUDWATCH_INCLUDE_METRICS: 'redis_up{x}' },
      'REDIS_EXPORTER_CLOUDWATCH_INCLUDE_METRICS',
      'glob',
    ],
    [
      { REDIS_EXPORTER_CLOUDWATCH_EXCLUDE_METRICS: 'a b' },
      'REDIS_EXPORTER_CLOUDWATCH_EXCLUDE_METRICS',
      'glob',
    ],
    [
      { REDIS_EXPORTER_CLOUDWATCH_HIGH_RESOLUTION: 'sometimes' },
      'REDIS_EXPORTER_CLOUDWATCH_HIGH_RESOLUTION',
      'boolean',
    ],
  ])('%o: names %s (%s)', (env, variable, detail) => {
    const err = configError(() => parse(env))
    expect(err.message).toContain(variable)
    expect(err.message).toContain(detail)
    expect(err.message).not.toContain('hunter2')
  })

  it('needs a target: REDIS_EXPORTER_TARGETS or REDIS_ADDR', () => {
    const err = configError(() => parsePushConfig({}, parseConfig({ REDIS_ADDR: '' })))
    expect(err.message).toContain('REDIS_EXPORTER_TARGETS')
    expect(err.message).toContain('REDIS_ADDR')
  })
})

describe('parsePushConfig: accepted settings', () => {
  it('defaults to EMF, the RedisExporter namespace, 60 s resolution and REDIS_ADDR', () => {
    const push = parse({})
    expect(push.sinks).toEqual(['emf'])
    expect(push.cloudwatch).toEqual({
      namespace: 'RedisExporter',
      dimensions: {},
      include: [],
      exclude: [],
      storageResolution: 60,
      metricPrefix: 'redis_',
      maxKeyMetrics: 100,
    })
    expect(push.targets).toEqual([{ target: core.target, id: 'main:6379', dimensions: {} }])
  })

  it.each([
    ['unsharded', {}, 1, 100],
    ['in 4 shards', { REDIS_EXPORTER_PUSH_SHARDS: '4' }, 4, 30],
    ['in 100 shards', { REDIS_EXPORTER_PUSH_SHARDS: '100' }, 100, 4],
  ])(
    'reads the shard count (%s) and the size of the largest shard',
    (_what, env, shards, largest) => {
      const targets = Array.from({ length: 100 }, (_, i) => `redis://cache-${i}:6379`).join(',')
      const push = parse({ REDIS_EXPORTER_TARGETS: targets, ...env })
      expect(push.shards).toBe(shards)
      expect(push.largestShard).toBe(largest)
    }
  )

  it.each(['0', '101', 'x'])('refuses REDIS_EXPORTER_PUSH_SHARDS=%s, naming it', (value) => {
    expect(configError(() => parse({ REDIS_EXPORTER_PUSH_SHARDS: value })).message).toMatch(
      /^REDIS_EXPORTER_PUSH_SHARDS: /
    )
  })

  it('reads a target list with names, users, references and dimensions', () => {
    const push = parse({
      REDIS_EXPORTER_TARGETS: [
        'rediss://orders.abc.use1.cache.amazonaws.com:6379?name=orders&password_secret=arn:aws:secretsmanager:us-east-1:123456789012:secret:redis/orders-AbCdEf&dim.team=payments',
        'valkey://10.0.1.5?user=exporter&password_env=CACHE_B_PASSWORD',
        '10.0.1.6:6380/2?password_ssm=/redis/c',
      ].join(', \n '),
      REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS: 'env=prod, team=platform',
      REDIS_EXPORTER_PUSH_SINKS: 'PutMetricData, emf',
      REDIS_EXPORTER_CLOUDWATCH_INCLUDE_METRICS: 'redis_commands_total, redis_mem*',
      REDIS_EXPORTER_CLOUDWATCH_EXCLUDE_METRICS: 'redis_net_*',
      REDIS_EXPORTER_CLOUDWATCH_HIGH_RESOLUTION: 'true',
      REDIS_EXPORTER_CLOUDWATCH_NAMESPACE: 'Prod/Redis Exporter',
      REDIS_EXPORTER_CLOUDWATCH_MAX_KEY_METRICS: '0',
    })
    expect(push.sinks).toEqual(['putmetricdata', 'emf'])
    expect(push.cloudwatch).toMatchObject({
      maxKeyMetrics: 0,
      namespace: 'Prod/Redis Exporter',
      dimensions: { env: 'prod', team: 'platform' },
      include: ['redis_commands_total', 'redis_mem*'],
      exclude: ['redis_net_*'],
      storageResolution: 1,
    })
    expect(push.targets.map((t) => [t.id, t.target.uri, t.dimensions, t.password])).toEqual([
      [
        'orders',
        'rediss://orders.abc.use1.cache.amazonaws.com:6379',
        { env: 'prod', team: 'payments' },
        {
          kind: 'secretsmanager',
          id: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:redis/orders-AbCdEf',
        },
      ],
      [
        '10.0.1.5:6379',
        'redis://exporter@10.0.1.5:6379',
        { env: 'prod', team: 'platform' },
        { kind: 'env', name: 'CACHE_B_PASSWORD' },
      ],
      [
        '10.0.1.6:6380',
        'redis://10.0.1.6:6380/2',
        { env: 'prod', team: 'platform' },
        { kind: 'ssm', name: '/redis/c' },
      ],
    ])
    expect(push.targets[1]!.target).toMatchObject({ username: 'exporter', tls: false })
    expect(push.targets[0]!.target).toMatchObject({ tls: true })
    for (const t of push.targets) expect(t.target.password).toBeUndefined()
  })
})

describe('parsePushConfig: a target list read from SSM or Secrets Manager', () => {
  // The environment as resolveSecretReferences leaves it: the reference and the value it names.
  const LIST = 'redis://:hunter2@cache-a:6379 rediss://exporter:s3cret-b@cache-b:6380?name=b'
  it.each(['REDIS_EXPORTER_TARGETS_SECRET_ARN', 'REDIS_EXPORTER_TARGETS_SSM'])(
    'accepts passwords in the URIs when the list came through %s, and keeps them out of the URI',
    (reference) => {
      const push = parse({ [reference]: 'redis/targets', REDIS_EXPORTER_TARGETS: LIST })
      expect(push.targets.map((t) => [t.id, t.target.uri, t.target.password, t.password])).toEqual([
        ['cache-a:6379', 'redis://cache-a:6379', 'hunter2', undefined],
        ['b', 'rediss://exporter@cache-b:6380', 's3cret-b', undefined],
      ])
      expect(push.targets[1]!.target.username).toBe('exporter')
    }
  )

  it.each([
    [{ REDIS_EXPORTER_TARGETS: LIST }, 'carries a password inline'],
    [
      {
        REDIS_EXPORTER_TARGETS_SSM: '/redis/targets',
        REDIS_EXPORTER_TARGETS: 'redis://:hunter2@cache-a:6379?password_env=PW',
      },
      'give the password once',
    ],
    [
      {
        REDIS_EXPORTER_TARGETS_SECRET_ARN: 'redis/targets',
        REDIS_EXPORTER_TARGETS: 'redis://a:6379 redis://:hunter2@cache-b:port',
      },
      'entry 2',
    ],
    [
      {
        REDIS_EXPORTER_TARGETS_SECRET_ARN: 'redis/targets',
        REDIS_EXPORTER_TARGETS: '{"targets":"redis://u:hunter2@cache-a:6379"}',
      },
      'entry 1',
    ],
  ])('%o: refused, naming REDIS_EXPORTER_TARGETS (%s), never the password', (env, detail) => {
    const err = configError(() => parse(env))
    expect(err.message).toContain('REDIS_EXPORTER_TARGETS')
    expect(err.message).toContain(detail)
    expect(err.message).not.toContain('hunter2')
    expect(err.message).not.toContain('s3cret-b')
  })
})
