import { execFile } from 'node:child_process'
import { cpSync, copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_CLOUDWATCH_METRICS } from '../../lib/push/default-metrics'
import { SECRET_REFERENCES } from '../../lib/settings/secret-refs'
import { SETTINGS_BY_NAME } from '../../lib/settings/table'
import { forwardedNames } from '../../scripts/serverless-env'

const run = promisify(execFile)
const ROOT = new URL('../..', import.meta.url).pathname
const LAYER =
  'arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:12'

type Resource = { Type: string; Condition?: string; Properties: Record<string, unknown> }
type Template = { Resources: Record<string, Resource>; Conditions: Record<string, unknown> }
type ScheduleProps = {
  ScheduleExpression: string
  Target: { Arn: unknown; Input: string; RoleArn: unknown; RetryPolicy?: unknown }
}
type Statement = { Effect: string; Action: string | string[]; Resource: unknown }

/**
 * A project folder with serverless.yml, its plugin and the built bundles, packaged by the real
 * osls offline (no credentials; HOME is the folder) with only `env` in the environment.
 */
let project: string
async function oslsPackage(
  name: string,
  env: Record<string, string>
): Promise<{ ok: true; template: Template; dir: string } | { ok: false; output: string }> {
  const dir = join(project, name)
  try {
    await run(join(ROOT, 'node_modules/.bin/osls'), ['package', '--package', dir], {
      cwd: project,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: project,
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
        ...env,
      },
      timeout: 120_000,
    })
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string }
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }
  }
  const file = join(dir, 'cloudformation-template-update-stack.json')
  return { ok: true, template: JSON.parse(readFileSync(file, 'utf8')) as Template, dir }
}

async function packaged(name: string, env: Record<string, string>) {
  const result = await oslsPackage(name, env)
  if (!result.ok) throw new Error(`osls package failed:\n${result.output}`)
  return result
}

const ofType = (t: Template, type: string) =>
  Object.entries(t.Resources).filter(([, r]) => r.Type === type)
const variables = (t: Template, fn: string) =>
  ((t.Resources[fn]?.Properties['Environment'] as { Variables: Record<string, string> })
    ?.Variables ?? {}) as Record<string, string>
/** Every statement of a role's inline policies, plus the AWS::IAM::Policy resources on it. */
function statementsOf(t: Template, role: string): Statement[] {
  const inline = (t.Resources[role]?.Properties['Policies'] ?? []) as {
    PolicyDocument: { Statement: Statement[] }
  }[]
  const attached = ofType(t, 'AWS::IAM::Policy')
    .filter(([, r]) => JSON.stringify(r.Properties['Roles']) === JSON.stringify([{ Ref: role }]))
    .map(([, r]) => ({
      PolicyDocument: r.Properties['PolicyDocument'] as { Statement: Statement[] },
    }))
  return [...inline, ...attached].flatMap((p) => p.PolicyDocument.Statement)
}
const actionsOf = (t: Template, role: string) =>
  statementsOf(t, role)
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
    .sort()

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'osls-project-'))
  copyFileSync(join(ROOT, 'serverless.yml'), join(project, 'serverless.yml'))
  cpSync(join(ROOT, 'ops/lambda'), join(project, 'ops/lambda'), { recursive: true })
  for (const entry of ['lambda-scrape', 'lambda-push']) {
    await run(process.execPath, ['scripts/build.mjs', entry], {
      cwd: ROOT,
      env: { ...process.env, BUILD_OUTDIR: join(project, 'dist') },
    })
  }
}, 120_000)
afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true })
})

describe('osls package with nothing set (offline, no credentials)', () => {
  let template: Template
  let dir: string
  beforeAll(async () => {
    ;({ template, dir } = await packaged('default', {}))
  }, 150_000)

  it('creates the Function URL with auth type NONE on the scrape function', () => {
    const urls = ofType(template, 'AWS::Lambda::Url')
    expect(urls).toHaveLength(1)
    expect(urls[0]![1].Properties).toEqual({
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': ['ScrapeLambdaFunction', 'Arn'] },
    })
  })

  it('grants both invoke permissions a public Function URL needs', () => {
    const permissions = ofType(template, 'AWS::Lambda::Permission').map(([, r]) => r.Properties)
    expect(permissions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: 'lambda:InvokeFunctionUrl',
          Principal: '*',
          FunctionUrlAuthType: 'NONE',
        }),
        expect.objectContaining({
          Action: 'lambda:InvokeFunction',
          Principal: '*',
          InvokedViaFunctionUrl: true,
        }),
      ])
    )
  })

  it('schedules the push every minute with its own role and the Input the handler reads', () => {
    const schedules = ofType(template, 'AWS::Scheduler::Schedule')
    expect(schedules).toHaveLength(1)
    const props = schedules[0]![1].Properties as ScheduleProps
    expect(props.ScheduleExpression).toBe('rate(1 minute)')
    expect(props.Target.Arn).toEqual({ 'Fn::GetAtt': ['PushLambdaFunction', 'Arn'] })
    expect(props.Target.RoleArn).toEqual({ 'Fn::GetAtt': ['PushScheduleRole', 'Arn'] })
    expect(JSON.parse(props.Target.Input)).toEqual({
      source: 'scheduler',
      scheduledTime: '<aws.scheduler.scheduled-time>',
      scheduleArn: '<aws.scheduler.schedule-arn>',
      shard: 0,
      of: 1,
    })
    // Re-sent only while Lambda refuses the invocation, within the minute: never run twice.
    expect(props.Target.RetryPolicy).toEqual({
      MaximumEventAgeInSeconds: 60,
      MaximumRetryAttempts: 2,
    })
  })

  it('does not retry a push run nor run a stale event (no data point sent twice)', () => {
    const configs = ofType(template, 'AWS::Lambda::EventInvokeConfig').map(([, r]) => r.Properties)
    expect(configs).toEqual([
      expect.objectContaining({ MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 }),
    ])
    expect(JSON.stringify(configs[0]!['FunctionName'])).toContain('PushLambdaFunction')
  })

  it('deploys nodejs22.x on arm64 with the built handlers and only their files', () => {
    for (const [name, handler] of [
      ['ScrapeLambdaFunction', 'dist/lambda-scrape.handler'],
      ['PushLambdaFunction', 'dist/lambda-push.handler'],
    ] as const) {
      expect(template.Resources[name]?.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: handler,
      })
    }
    const size = (zip: string) => statSync(join(dir, zip)).size
    expect(size('scrape.zip')).toBeLessThan(size('push.zip'))
  })

  it('gives each function its own role, and no shared one', () => {
    expect(template.Resources['IamRoleLambdaExecution']).toBeUndefined()
    expect(template.Resources['ScrapeLambdaFunction']?.Properties['Role']).toEqual({
      'Fn::GetAtt': ['ScrapeRole', 'Arn'],
    })
    expect(template.Resources['PushLambdaFunction']?.Properties['Role']).toEqual({
      'Fn::GetAtt': ['PushRole', 'Arn'],
    })
    expect(
      ofType(template, 'AWS::IAM::Role')
        .map(([id]) => id)
        .sort()
    ).toEqual(['PushRole', 'PushScheduleRole', 'ScrapeRole'])
  })

  it('lets each role do exactly its job: logs of its own function; the scheduler invokes push', () => {
    expect(statementsOf(template, 'ScrapeRole')).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': ['ScrapeLogGroup', 'Arn'] },
      },
    ])
    expect(actionsOf(template, 'PushRole')).toEqual([
      'cloudwatch:PutMetricData', // its policy exists only under the UsePutMetricData condition
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ])
    expect(JSON.stringify(statementsOf(template, 'PushRole'))).toContain('PushLogGroup')
    expect(statementsOf(template, 'PushScheduleRole')).toEqual([
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: [{ 'Fn::GetAtt': ['PushLambdaFunction', 'Arn'] }],
      },
    ])
  })

  it('grants PutMetricData only when that sink is configured, for the namespace only', () => {
    const policy = template.Resources['PutMetricDataPolicy']
    expect(policy?.Condition).toBe('UsePutMetricData')
    expect(template.Conditions['UsePutMetricData']).toEqual({
      'Fn::Not': [{ 'Fn::Equals': ['emf', 'emf'] }],
    })
    expect(JSON.stringify(policy?.Properties)).toContain('"cloudwatch:namespace":"RedisExporter"')
  })

  it('caps the scrape function at 10 concurrent executions and keeps logs 14 days', () => {
    expect(template.Resources['ScrapeLambdaFunction']?.Properties).toMatchObject({
      ReservedConcurrentExecutions: 10,
    })
    for (const [, group] of ofType(template, 'AWS::Logs::LogGroup')) {
      expect(group.Properties['RetentionInDays']).toBe(14)
    }
  })

  it('forwards no unset variable, and creates no alarm, dashboard, VPC or layer', () => {
    expect(variables(template, 'ScrapeLambdaFunction')).toEqual({
      NODE_OPTIONS: '--enable-source-maps',
    })
    expect(variables(template, 'PushLambdaFunction')).toEqual({
      NODE_OPTIONS: '--enable-source-maps',
      REDIS_EXPORTER_PUSH_SINKS: 'emf',
      REDIS_EXPORTER_PUSH_SHARDS: '1',
      REDIS_EXPORTER_CLOUDWATCH_NAMESPACE: 'RedisExporter',
    })
    expect(ofType(template, 'AWS::CloudWatch::Alarm')).toEqual([])
    expect(ofType(template, 'AWS::CloudWatch::Dashboard')).toEqual([])
    for (const fn of ['ScrapeLambdaFunction', 'PushLambdaFunction']) {
      expect(template.Resources[fn]?.Properties['VpcConfig']).toBeUndefined()
      expect(template.Resources[fn]?.Properties['Layers']).toBeUndefined()
    }
  })
})

/** Every forwarded variable of both functions set to a value naming it. */
function everyForwardedVariable(): Record<string, string> {
  const names = new Set([...forwardedNames('lambda-scrape'), ...forwardedNames('lambda-push')])
  return Object.fromEntries([...names].map((n) => [n, `v-${n}`]))
}

describe('osls package with every setting, secret references, VPC and alarms', () => {
  let template: Template
  const env = {
    ...everyForwardedVariable(),
    REDIS_ADDR: 'rediss://master.orders.xxxxxx.euw1.cache.amazonaws.com:6379',
    REDIS_EXPORTER_TARGETS:
      'rediss://a:6379?name=a&password_secret=redis/a rediss://b:6379?name=b&password_ssm=/redis/b',
    REDIS_EXPORTER_PUSH_SINKS: 'emf,putmetricdata',
    REDIS_EXPORTER_PUSH_SHARDS: '4',
    REDIS_EXPORTER_MAX_CLIENTS: '200',
    REDIS_EXPORTER_CLOUDWATCH_NAMESPACE: 'Prod/Redis',
    REDIS_PASSWORD_SSM: '/redis/orders',
    REDIS_PASSWORD_SECRET_ARN: '',
    REDIS_EXPORTER_BEARER_TOKEN_SECRET_ARN:
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:exporter/token-AbCdEf',
    REDIS_EXPORTER_BEARER_TOKEN_SSM: '',
    REDIS_PASSWORD_MAP_SSM: '',
    REDIS_PASSWORD_MAP_SECRET_ARN: '',
    REDIS_EXPORTER_TLS_CLIENT_KEY_SSM: '',
    REDIS_EXPORTER_TLS_CLIENT_KEY_SECRET_ARN: '',
    REDIS_EXPORTER_BASIC_AUTH_PASSWORD_SSM: '',
    REDIS_EXPORTER_BASIC_AUTH_PASSWORD_SECRET_ARN: '',
    REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD_SSM: '',
    REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD_SECRET_ARN: '',
    REDIS_EXPORTER_TARGETS_SSM: '',
    REDIS_EXPORTER_TARGETS_SECRET_ARN: '',
    DEPLOY_SECRETS_EXTENSION_LAYER_ARN: LAYER,
    DEPLOY_VPC_SUBNET_IDS: 'subnet-0123456789abcdef0, subnet-0fedcba9876543210',
    DEPLOY_VPC_SECURITY_GROUP_IDS: 'sg-0123456789abcdef0',
    DEPLOY_SCRAPE_RESERVED_CONCURRENCY: '3',
    DEPLOY_LOG_RETENTION_DAYS: '30',
    DEPLOY_ALARMS: 'true',
    DEPLOY_ALARM_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:oncall',
    DEPLOY_ALARM_MEMORY_BYTES: '12000000000',
  }
  beforeAll(async () => {
    ;({ template } = await packaged('full', env))
  }, 150_000)

  it.each([
    ['ScrapeLambdaFunction', 'lambda-scrape'],
    ['PushLambdaFunction', 'lambda-push'],
  ] as const)('%s gets every variable of the table that applies to it', (fn, runtime) => {
    const expected = Object.fromEntries(
      forwardedNames(runtime)
        .map((n) => [n, env[n as keyof typeof env]] as const)
        .filter(([, v]) => v !== '')
    )
    expect(variables(template, fn)).toEqual({ NODE_OPTIONS: '--enable-source-maps', ...expected })
    // The secrets themselves are never forwarded, only their references (a plain target list,
    // byReference but no secret, is forwarded as well).
    for (const r of SECRET_REFERENCES.filter((x) => SETTINGS_BY_NAME.get(x.setting)?.secret)) {
      expect(variables(template, fn)).not.toHaveProperty(r.setting)
    }
  })

  it('makes one schedule per shard, each Input naming its shard, all invoking push with one role', () => {
    const schedules = ofType(template, 'AWS::Scheduler::Schedule').map(
      ([, r]) => r.Properties as ScheduleProps
    )
    expect(schedules).toHaveLength(4)
    const inputs = schedules.map((p) => JSON.parse(p.Target.Input) as Record<string, unknown>)
    expect(inputs.map((i) => [i['shard'], i['of']])).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
    ])
    for (const [i, p] of schedules.entries()) {
      expect(inputs[i]).toMatchObject({
        source: 'scheduler',
        scheduledTime: '<aws.scheduler.scheduled-time>',
      })
      expect(p.ScheduleExpression).toBe('rate(1 minute)')
      expect(p.Target.Arn).toEqual({ 'Fn::GetAtt': ['PushLambdaFunction', 'Arn'] })
      expect(p.Target.RoleArn).toEqual({ 'Fn::GetAtt': ['PushScheduleRole', 'Arn'] })
    }
    // Least privilege unchanged: the one scheduler role may invoke push, nothing more.
    expect(statementsOf(template, 'PushScheduleRole')).toEqual([
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: [{ 'Fn::GetAtt': ['PushLambdaFunction', 'Arn'] }],
      },
    ])
    expect(variables(template, 'PushLambdaFunction')['REDIS_EXPORTER_PUSH_SHARDS']).toBe('4')
  })

  it('forwards the core settings the first deploy silently dropped', () => {
    const scrape = variables(template, 'ScrapeLambdaFunction')
    for (const name of [
      'REDIS_EXPORTER_SCRAPE_TIMEOUT',
      'REDIS_EXPORTER_CONNECTION_TIMEOUT',
      'REDIS_EXPORTER_TLS_CA_CERT',
      'REDIS_EXPORTER_NAMESPACE',
      'REDIS_EXPORTER_ALLOW_UNAUTHENTICATED',
    ]) {
      expect(scrape[name]).toBe(`v-${name}`)
    }
  })

  it('lets the scrape role read exactly its two secrets', () => {
    expect(statementsOf(template, 'ScrapeRole').slice(1)).toEqual([
      {
        Effect: 'Allow',
        Action: 'ssm:GetParameter',
        Resource: [
          {
            'Fn::Sub':
              'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/redis/orders',
          },
        ],
      },
      {
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: [
          env.REDIS_EXPORTER_BEARER_TOKEN_SECRET_ARN,
          `${env.REDIS_EXPORTER_BEARER_TOKEN_SECRET_ARN}-??????`,
        ],
      },
    ])
  })

  it('lets the push role read its password and its targets’ secrets, and PutMetricData', () => {
    const sub = (s: string) => ({
      'Fn::Sub': `arn:\${AWS::Partition}:${s}`,
    })
    const push = statementsOf(template, 'PushRole')
    expect(push).toContainEqual({
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: [
        sub('ssm:${AWS::Region}:${AWS::AccountId}:parameter/redis/orders'),
        sub('ssm:${AWS::Region}:${AWS::AccountId}:parameter/redis/b'),
      ],
    })
    expect(push).toContainEqual({
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: [sub('secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:redis/a-??????')],
    })
    expect(template.Conditions['UsePutMetricData']).toEqual({
      'Fn::Not': [{ 'Fn::Equals': ['emf,putmetricdata', 'emf'] }],
    })
    expect(JSON.stringify(template.Resources['PutMetricDataPolicy'])).toContain(
      '"cloudwatch:namespace":"Prod/Redis"'
    )
    expect(actionsOf(template, 'PushRole')).not.toContain('lambda:InvokeFunction')
    expect(actionsOf(template, 'ScrapeRole')).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'secretsmanager:GetSecretValue',
      'ssm:GetParameter',
    ])
  })

  it('adds the extension layer, the VPC, the concurrency cap and the retention', () => {
    for (const fn of ['ScrapeLambdaFunction', 'PushLambdaFunction']) {
      expect(template.Resources[fn]?.Properties).toMatchObject({
        Layers: [LAYER],
        VpcConfig: {
          SubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
          SecurityGroupIds: ['sg-0123456789abcdef0'],
        },
      })
    }
    for (const role of ['ScrapeRole', 'PushRole']) {
      expect(JSON.stringify(template.Resources[role]?.Properties['ManagedPolicyArns'])).toContain(
        'AWSLambdaVPCAccessExecutionRole'
      )
    }
    expect(template.Resources['ScrapeLambdaFunction']?.Properties).toMatchObject({
      ReservedConcurrentExecutions: 3,
    })
    for (const [, group] of ofType(template, 'AWS::Logs::LogGroup')) {
      expect(group.Properties['RetentionInDays']).toBe(30)
    }
  })

  it('creates the alarms, notifying the topic', () => {
    const alarms = Object.fromEntries(
      ofType(template, 'AWS::CloudWatch::Alarm').map(([id, r]) => [id, r.Properties])
    )
    expect(Object.keys(alarms).sort()).toEqual([
      'PushErrorsAlarm',
      'RedisClientsAlarm',
      'RedisDownAlarm',
      'RedisEvictionsAlarm',
      'RedisMemoryAlarm',
    ])
    const query = (id: string) =>
      (alarms[id]?.['Metrics'] as { Expression: string }[])[0]?.Expression
    expect(query('RedisDownAlarm')).toBe(
      'SELECT MIN(v-REDIS_EXPORTER_NAMESPACE_up) FROM "Prod/Redis"'
    )
    expect(alarms['RedisMemoryAlarm']?.['Threshold']).toBe(12000000000)
    expect(alarms['RedisClientsAlarm']?.['Threshold']).toBe(52000)
    expect(alarms['PushErrorsAlarm']?.['Dimensions']).toEqual([
      { Name: 'FunctionName', Value: { Ref: 'PushLambdaFunction' } },
    ])
    for (const a of Object.values(alarms)) {
      expect(a['AlarmActions']).toEqual(['arn:aws:sns:eu-west-1:123456789012:oncall'])
    }
  })

  it('creates a dashboard with one widget per metric of the default set, and the push', () => {
    const [[, dash] = []] = ofType(template, 'AWS::CloudWatch::Dashboard')
    const body = JSON.parse(
      (dash?.Properties['DashboardBody'] as { 'Fn::Sub': string })['Fn::Sub']
    ) as { widgets: { properties: { title: string } }[] }
    expect(body.widgets.map((w) => w.properties.title)).toEqual([
      ...DEFAULT_CLOUDWATCH_METRICS.map(
        (m) => `v-REDIS_EXPORTER_NAMESPACE_${m.family} (${m.unit})`
      ),
      'push function',
    ])
  })
})

describe('osls package with the target list in Secrets Manager (1,000 targets)', () => {
  const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:redis/fleet-targets-AbCdEf'
  let template: Template
  beforeAll(async () => {
    ;({ template } = await packaged('targets-by-reference', {
      REDIS_EXPORTER_TARGETS_SECRET_ARN: ARN,
      REDIS_EXPORTER_PUSH_SHARDS: '8',
      DEPLOY_SECRETS_EXTENSION_LAYER_ARN: LAYER,
    }))
  }, 150_000)

  it('lets the push role read exactly that secret, and adds the extension layer to push only', () => {
    const reads = (role: string) =>
      statementsOf(template, role).filter((s) =>
        ['secretsmanager:GetSecretValue', 'ssm:GetParameter'].includes(String(s.Action))
      )
    expect(reads('PushRole')).toEqual([
      {
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: [ARN, `${ARN}-??????`],
      },
    ])
    expect(reads('ScrapeRole')).toEqual([])
    expect(variables(template, 'PushLambdaFunction')).toMatchObject({
      REDIS_EXPORTER_TARGETS_SECRET_ARN: ARN,
    })
    expect(variables(template, 'PushLambdaFunction')).not.toHaveProperty('REDIS_EXPORTER_TARGETS')
    expect(template.Resources['PushLambdaFunction']?.Properties['Layers']).toEqual([LAYER])
    expect(template.Resources['ScrapeLambdaFunction']?.Properties['Layers']).toBeUndefined()
  })
})

describe('osls package refuses a plaintext secret', () => {
  it.each([
    { name: 'REDIS_PASSWORD', value: 'pw-plain-7731', instead: 'REDIS_PASSWORD_SSM' },
    {
      name: 'REDIS_EXPORTER_BEARER_TOKEN',
      value: 'tok-plain-7731',
      instead: 'REDIS_EXPORTER_BEARER_TOKEN_SECRET_ARN',
    },
    {
      name: 'REDIS_ADDR',
      value: 'redis://:pw-plain-7731@cache:6379',
      instead: 'REDIS_PASSWORD_SECRET_ARN',
    },
  ])(
    '$name set in the shell stops the package, naming $instead',
    async ({ name, value, instead }) => {
      const result = await oslsPackage(`refuse-${name}`, { [name]: value })
      expect(result.ok).toBe(false)
      const output = result.ok ? '' : result.output
      expect(output).toContain(`${name} `)
      expect(output).toContain(instead)
      expect(output).not.toContain('pw-plain-7731')
      expect(output).not.toContain('tok-plain-7731')
    },
    150_000
  )

  it.each(['0', '101', 'many'])(
    'stops on REDIS_EXPORTER_PUSH_SHARDS=%s, naming the setting',
    async (value) => {
      const result = await oslsPackage(`shards-${value}`, { REDIS_EXPORTER_PUSH_SHARDS: value })
      expect(result.ok).toBe(false)
      expect(result.ok ? '' : result.output).toContain(`REDIS_EXPORTER_PUSH_SHARDS: "${value}"`)
    },
    150_000
  )

  it('stops when a reference is set without the extension layer', async () => {
    const result = await oslsPackage('no-layer', { REDIS_PASSWORD_SSM: '/redis/pw' })
    expect(result.ok).toBe(false)
    expect(result.ok ? '' : result.output).toContain('DEPLOY_SECRETS_EXTENSION_LAYER_ARN')
  }, 150_000)
})
