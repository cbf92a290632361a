import { describe, expect, it } from 'vitest'

// The plugin's modules are plain ES modules (osls loads them); imported by URL, typed here.
type Arn = string | { 'Fn::Sub': string }
const arns = (await import(new URL('../../ops/lambda/secret-arns.mjs', import.meta.url).href)) as {
  targetReferences(raw: string): { ssm: string[]; secrets: string[] }
  parameterArn(name: string): Arn
  secretArns(id: string): Arn[]
  secretStatements(ssm: string[], secrets: string[], kms?: string): object[]
}
const plugin = (await import(
  new URL('../../ops/lambda/deploy-plugin.mjs', import.meta.url).href
)) as {
  default: new (serverless: unknown) => {
    applyDeploySettings(service: unknown, deploy: Record<string, string>): void
    refusePlaintext(service: unknown, secrets: unknown[], shell: Record<string, string>): void
  }
}
const alarms = (await import(new URL('../../ops/lambda/alarms.mjs', import.meta.url).href)) as {
  alarmResources(service: unknown, custom: unknown): Record<string, { Type: string }>
}

const sub = (s: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:${s}` })

describe('the secrets a push target list references', () => {
  it.each([
    ['', { ssm: [], secrets: [] }],
    ['redis://a:6379', { ssm: [], secrets: [] }],
    [
      'redis://a:6379?password_secret=redis/a&name=a,\n  rediss://b:6380?password_ssm=/redis/b redis://c?password_env=C',
      { ssm: ['/redis/b'], secrets: ['redis/a'] },
    ],
    [
      'redis://a?password_secret=arn%3Aaws%3Asecretsmanager%3Aeu-west-1%3A1%3Asecret%3Ax-AbCdEf',
      { ssm: [], secrets: ['arn:aws:secretsmanager:eu-west-1:1:secret:x-AbCdEf'] },
    ],
  ])('%j', (raw, expected) => {
    expect(arns.targetReferences(raw)).toEqual(expected)
  })
})

describe('the ARNs a role is granted', () => {
  it.each([
    ['/redis/pw', sub('ssm:${AWS::Region}:${AWS::AccountId}:parameter/redis/pw')],
    ['redis/pw', sub('ssm:${AWS::Region}:${AWS::AccountId}:parameter/redis/pw')],
    ['arn:aws:ssm:eu-west-1:1:parameter/x', 'arn:aws:ssm:eu-west-1:1:parameter/x'],
  ])('SSM parameter %s', (name, arn) => {
    expect(arns.parameterArn(name)).toEqual(arn)
  })

  it.each([
    [
      'redis/orders',
      [sub('secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:redis/orders-??????')],
    ],
    [
      'arn:aws:secretsmanager:eu-west-1:1:secret:redis/orders',
      [
        'arn:aws:secretsmanager:eu-west-1:1:secret:redis/orders',
        'arn:aws:secretsmanager:eu-west-1:1:secret:redis/orders-??????',
      ],
    ],
  ])('Secrets Manager %s', (id, expected) => {
    expect(arns.secretArns(id)).toEqual(expected)
  })

  it('grants nothing without references, and kms:Decrypt only with a key and a secret', () => {
    expect(arns.secretStatements([], [], 'arn:aws:kms:eu-west-1:1:key/k')).toEqual([])
    expect(arns.secretStatements(['/a', '/a'], [], 'arn:aws:kms:eu-west-1:1:key/k')).toEqual([
      {
        Effect: 'Allow',
        Action: 'ssm:GetParameter',
        Resource: [sub('ssm:${AWS::Region}:${AWS::AccountId}:parameter/a')],
      },
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:eu-west-1:1:key/k' },
    ])
  })
})

describe('alarmResources', () => {
  const service = { service: 'redis-exporter', provider: { stage: 'dev' } }
  const custom = (deploy: Record<string, string>) => ({
    cloudWatchNamespace: 'RedisExporter',
    dashboardMetrics: [{ family: 'up', unit: 'None' }],
    deploy: { metricPrefix: 'redis', ...deploy },
  })

  it.each(['', 'false', 'no', '0'])('creates nothing with DEPLOY_ALARMS=%j', (value) => {
    expect(alarms.alarmResources(service, custom({ alarms: value }))).toEqual({})
  })

  it('creates the memory alarm only with a threshold', () => {
    const without = alarms.alarmResources(service, custom({ alarms: 'true' }))
    expect(Object.keys(without).sort()).toEqual([
      'PushErrorsAlarm',
      'RedisClientsAlarm',
      'RedisDashboard',
      'RedisDownAlarm',
      'RedisEvictionsAlarm',
    ])
    const withMemory = alarms.alarmResources(
      service,
      custom({ alarms: 'TRUE', alarmMemoryBytes: '1000' })
    )
    expect(withMemory['RedisMemoryAlarm']?.Type).toBe('AWS::CloudWatch::Alarm')
  })

  it.each([
    ['alarmClients', '-5', 'DEPLOY_ALARM_CLIENTS: "-5" is not a positive number'],
    ['alarmMemoryBytes', 'lots', 'DEPLOY_ALARM_MEMORY_BYTES: "lots" is not a positive number'],
  ])('refuses %s=%s, naming the setting', (key, value, message) => {
    expect(() => alarms.alarmResources(service, custom({ alarms: 'true', [key]: value }))).toThrow(
      message
    )
  })
})

describe('the deploy settings', () => {
  const service = () => ({
    provider: {} as Record<string, unknown>,
    functions: { scrape: { reservedConcurrency: 10 } as Record<string, unknown>, push: {} },
    resources: { Resources: { ScrapeRole: { Properties: {} }, PushRole: { Properties: {} } } },
  })
  const apply = (deploy: Record<string, string>) => {
    const s = service()
    new plugin.default({ classes: { Error } }).applyDeploySettings(s, deploy)
    return s
  }

  it.each([
    ['3', 3],
    ['none', undefined],
    ['', 10],
  ])('DEPLOY_SCRAPE_RESERVED_CONCURRENCY=%j reserves %s', (value, expected) => {
    expect(apply({ scrapeReservedConcurrency: value }).functions.scrape.reservedConcurrency).toBe(
      expected
    )
  })

  it.each([
    [
      { scrapeReservedConcurrency: '0' },
      'DEPLOY_SCRAPE_RESERVED_CONCURRENCY: "0" is not a whole number ≥ 1.',
    ],
    [
      { logRetentionDays: 'two weeks' },
      'DEPLOY_LOG_RETENTION_DAYS: "two weeks" is not a whole number ≥ 1.',
    ],
    [
      { vpcSubnetIds: 'subnet-1' },
      'DEPLOY_VPC_SUBNET_IDS and DEPLOY_VPC_SECURITY_GROUP_IDS: set both or neither.',
    ],
  ])('refuses %j', (deploy, message) => {
    expect(() => apply(deploy)).toThrow(message)
  })
})

describe('the plaintext check', () => {
  const secrets = [
    {
      setting: 'REDIS_PASSWORD',
      ssm: 'REDIS_PASSWORD_SSM',
      secretArn: 'REDIS_PASSWORD_SECRET_ARN',
      functions: ['scrape', 'push'],
    },
    // As serverless.yml's generated custom.secretSettings lists it: a byReference setting.
    {
      setting: 'REDIS_EXPORTER_TARGETS',
      ssm: 'REDIS_EXPORTER_TARGETS_SSM',
      secretArn: 'REDIS_EXPORTER_TARGETS_SECRET_ARN',
      functions: ['push'],
      plaintext: 'allowed',
    },
  ]
  const check =
    (shell: Record<string, string>, environment: Record<string, string> = {}) =>
    () =>
      new plugin.default({ classes: { Error } }).refusePlaintext(
        { functions: { push: { environment } } },
        secrets,
        shell
      )

  it.each([
    [{ REDIS_PASSWORD: 'pw-1234' }, {}, 'REDIS_PASSWORD is set in the deploying shell'],
    [{}, { REDIS_PASSWORD: 'pw-1234' }, 'REDIS_PASSWORD is in the environment of function push'],
    [{ REDIS_ADDR: 'rediss://user:pw-1234@cache:6379' }, {}, 'REDIS_ADDR carries a password'],
    [
      {},
      { REDIS_EXPORTER_TARGETS: 'redis://a:6379?name=a,redis://:pw-1234@b:6379' },
      'REDIS_EXPORTER_TARGETS has an entry with a password',
    ],
    [
      { REDIS_EXPORTER_TARGETS: 'redis://a:6379 rediss://u:pw-1234@b:6380?name=b' },
      {},
      'REDIS_EXPORTER_TARGETS has an entry with a password',
    ],
  ])('refuses %j / %j, never echoing the value', (shell, env, message) => {
    expect(check(shell, env)).toThrow(message)
    try {
      check(shell, env)()
    } catch (err) {
      expect((err as Error).message).not.toContain('pw-1234')
    }
  })

  it.each([
    [{ REDIS_ADDR: 'rediss://user@cache:6379', REDIS_PASSWORD: '  ' }, {}],
    [{}, { REDIS_EXPORTER_TARGETS: 'redis://a:6379?password_secret=redis/a redis://b' }],
    [{}, { REDIS_EXPORTER_TARGETS: 'redis://a:6379?password_secret=team@redis/a' }],
    [{ REDIS_EXPORTER_TARGETS: 'redis://a:6379?name=a rediss://exporter@b:6380' }, {}],
  ])('lets %j / %j through', (shell, env) => {
    expect(check(shell, env)).not.toThrow()
  })
})
