import { execFile, spawn } from 'node:child_process'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixture, httpEvent } from '../fixtures/lambda/events'
import type { CloudWatchServer } from '../helpers/cloudwatch-server'
import { startCloudWatchServer } from '../helpers/cloudwatch-server'
import type { RedisServer } from '../helpers/redis-server'
import { startRedis } from '../helpers/redis-server'
import { emfProblems } from '../lib/push/emf-spec'

const run = promisify(execFile)
const ROOT = new URL('../..', import.meta.url).pathname
const TOKEN = 'bundle-token-51c0'

/**
 * Invokes `handler` of a built bundle in a fresh Node process (as the Lambda runtime would import
 * it), once per event, and returns the results and everything written to stdout.
 */
async function invokeBundle(
  bundle: string,
  events: unknown[],
  env: Record<string, string>
): Promise<{ results: unknown[]; stdout: string[] }> {
  const driver = `
    const { handler } = await import(${JSON.stringify(bundle)})
    const events = JSON.parse(process.env.TEST_EVENTS)
    const results = []
    for (const event of events) {
      const deadline = Date.now() + 10000
      const ctx = { functionName: 'bundle', getRemainingTimeInMillis: () => deadline - Date.now() }
      results.push(await handler(event, ctx))
    }
    process.stdout.write('RESULTS ' + JSON.stringify(results) + '\\n')
    process.exit(0)
  `
  const child = spawn(process.execPath, ['--input-type=module', '-e', driver], {
    env: { PATH: process.env['PATH'] ?? '', TEST_EVENTS: JSON.stringify(events), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  clearTimeout(timer)
  const lines = out.split('\n').filter((l) => l !== '')
  const last = lines.find((l) => l.startsWith('RESULTS '))
  if (code !== 0 || !last) throw new Error(`bundle exited ${code}: ${out}\n${err}`)
  return {
    results: JSON.parse(last.slice('RESULTS '.length)) as unknown[],
    stdout: lines.filter((l) => !l.startsWith('RESULTS ')),
  }
}

describe('the built Lambda bundles', () => {
  let dir: string
  let redis: RedisServer
  let cloudwatch: CloudWatchServer
  let buildLog = ''

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lambda-bundles-'))
    for (const entry of ['lambda-scrape', 'lambda-push']) {
      const { stdout } = await run(process.execPath, ['scripts/build.mjs', entry], {
        cwd: ROOT,
        env: { ...process.env, BUILD_OUTDIR: join(dir, 'dist') },
      })
      buildLog += stdout
    }
    redis = await startRedis()
    cloudwatch = await startCloudWatchServer()
  }, 120_000)
  afterAll(async () => {
    await cloudwatch?.close()
    await redis?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('prints the sizes; the scrape bundle is within its 252 KiB budget', () => {
    expect(buildLog).toMatch(
      /built .*lambda-scrape\.mjs \(\d+ bytes = [\d.]+ KiB, [\d.]+ KiB gzip\)/
    )
    expect(buildLog).toMatch(/lambda-push-chunks\/\*\.mjs \([\d.]+ KiB, loaded on demand\)/)
    // 250 KiB until the opt-in collectors (client list, config metrics, Sentinel, modules,
    // search indexes, Tile38) added their catalog rows, parsers and builders (+16 KB minified).
    expect(statSync(join(dir, 'dist/lambda-scrape.mjs')).size).toBeLessThanOrEqual(252 * 1024)
    expect(statSync(join(dir, 'dist/lambda-scrape.mjs.map')).size).toBeGreaterThan(0)
  })

  it('scrape: answers a Function URL event twice on one warm connection', async () => {
    const info = async () =>
      Number(
        /total_connections_received:(\d+)/.exec(String(await redis.command('INFO', 'stats')))?.[1]
      )
    const before = await info()
    const event = httpEvent('function-url-v2', { headers: { authorization: `Bearer ${TOKEN}` } })
    const { results } = await invokeBundle(join(dir, 'dist/lambda-scrape.mjs'), [event, event], {
      REDIS_ADDR: redis.url,
      REDIS_EXPORTER_BEARER_TOKEN: TOKEN,
    })
    const [first, second] = results as {
      statusCode: number
      headers: Record<string, string>
      body: string
    }[]
    expect(first!.statusCode).toBe(200)
    expect(first!.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(first!.body).toContain('\nredis_up 1\n')
    expect(second!.body).toContain('\nredis_up 1\n')
    expect(second!.body).toContain('\nredis_exporter_last_scrape_connect_time_seconds 0\n')
    // One connection for both invocations, plus the helper's own INFO.
    expect((await info()) - before).toBe(2)
  })

  it('scrape: authenticates and selects the database through the slimmed ioredis handshake', async () => {
    const secured = await startRedis({ password: 'bundle-redis-pw-93a1' })
    try {
      // Calls of SELECT by any client so far (the helper's own connections AUTH but never SELECT).
      const selects = async () =>
        Number(
          /cmdstat_select:calls=(\d+)/.exec(
            String(await secured.command('INFO', 'commandstats'))
          )?.[1] ?? 0
        )
      const before = await selects()
      const event = httpEvent('function-url-v2', { headers: { authorization: `Bearer ${TOKEN}` } })
      const { results } = await invokeBundle(join(dir, 'dist/lambda-scrape.mjs'), [event], {
        REDIS_ADDR: `${secured.url}/3`,
        REDIS_PASSWORD: 'bundle-redis-pw-93a1',
        REDIS_EXPORTER_BEARER_TOKEN: TOKEN,
      })
      const [first] = results as { statusCode: number; body: string }[]
      expect(first!.statusCode).toBe(200)
      expect(first!.body).toContain('\nredis_up 1\n')
      expect((await selects()) - before).toBe(1)
      expect(first!.body).not.toContain('bundle-redis-pw-93a1')
    } finally {
      await secured.stop()
    }
  })

  it('push: writes valid EMF to stdout without the CloudWatch SDK chunk present', async () => {
    // Only the entry and the chunks it imports statically; the SDK chunks are left behind.
    const slim = join(dir, 'emf-only')
    mkdirSync(join(slim, 'lambda-push-chunks'), { recursive: true })
    // Static imports only (`import … from"./x"`), followed transitively; `import("./x")` is not.
    const pending = ['lambda-push.mjs']
    const copied = new Set<string>()
    while (pending.length > 0) {
      const file = pending.pop()!
      if (copied.has(file)) continue
      copied.add(file)
      copyFileSync(join(dir, 'dist', file), join(slim, file))
      const base = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : ''
      const code = readFileSync(join(dir, 'dist', file), 'utf8')
      for (const m of code.matchAll(/(?:^|[;\s}])(?:import|export)[^;()]*?from\s*"\.\/([^"]+)"/g)) {
        pending.push(`${base}${m[1]!}`)
      }
    }
    const sdkChunks = readdirSync(join(dir, 'dist/lambda-push-chunks')).filter(
      (f) => f.endsWith('.mjs') && !copied.has(`lambda-push-chunks/${f}`)
    )
    expect(sdkChunks.length).toBeGreaterThan(0)
    const { results, stdout } = await invokeBundle(
      join(slim, 'lambda-push.mjs'),
      [fixture('eventbridge-rule'), fixture('scheduler')],
      { REDIS_ADDR: redis.url }
    )
    expect(
      (results as { ok: boolean; trigger: { kind: string } }[]).map((r) => [r.ok, r.trigger.kind])
    ).toEqual([
      [true, 'rule'],
      [true, 'scheduler'],
    ])
    const emf = stdout.filter((l) => l.includes('"_aws"'))
    expect(emf).toHaveLength(2)
    for (const line of emf) expect(emfProblems(line)).toEqual([])
    expect(JSON.parse(emf[0]!)).toMatchObject({ target: `127.0.0.1:${redis.port}`, redis_up: 1 })
    // The JSON log lines are on stdout too, and are not EMF.
    expect(stdout.some((l) => l.includes('"msg":"push finished"'))).toBe(true)
  })

  it('push: sends PutMetricData through the bundled SDK when configured', async () => {
    const before = cloudwatch.requests.length
    const { results } = await invokeBundle(
      join(dir, 'dist/lambda-push.mjs'),
      [fixture('scheduler')],
      {
        REDIS_ADDR: redis.url,
        REDIS_EXPORTER_PUSH_SINKS: 'putmetricdata',
        AWS_ENDPOINT_URL: cloudwatch.endpoint,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIDTEST',
        AWS_SECRET_ACCESS_KEY: 'test-secret',
      }
    )
    expect((results[0] as { sinks: unknown[] }).sinks).toEqual([
      { sink: 'putmetricdata', ok: true, sent: expect.any(Number) },
    ])
    const body = cloudwatch.requests[before]?.body as {
      MetricData: { MetricName: string; Value: number }[]
    }
    expect(body.MetricData.find((d) => d.MetricName === 'redis_up')?.Value).toBe(1)
  })
})

describe('osls package (offline, no credentials)', () => {
  let template: {
    Resources: Record<
      string,
      { Type: string; Condition?: string; Properties: Record<string, unknown> }
    >
    Conditions: Record<string, unknown>
  }
  let project: string
  let packaged: string

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'osls-project-'))
    copyFileSync(join(ROOT, 'serverless.yml'), join(project, 'serverless.yml'))
    await run(process.execPath, ['scripts/build.mjs', 'lambda-scrape'], {
      cwd: ROOT,
      env: { ...process.env, BUILD_OUTDIR: join(project, 'dist') },
    })
    await run(process.execPath, ['scripts/build.mjs', 'lambda-push'], {
      cwd: ROOT,
      env: { ...process.env, BUILD_OUTDIR: join(project, 'dist') },
    })
    packaged = join(project, '.package')
    const env: Record<string, string> = { PATH: process.env['PATH'] ?? '', HOME: project }
    await run(join(ROOT, 'node_modules/.bin/osls'), ['package', '--package', packaged], {
      cwd: project,
      env: { ...env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
      timeout: 240_000,
    })
    template = JSON.parse(
      readFileSync(join(packaged, 'cloudformation-template-update-stack.json'), 'utf8')
    ) as typeof template
  }, 300_000)
  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true })
  })

  const ofType = (type: string) =>
    Object.entries(template.Resources).filter(([, r]) => r.Type === type)

  it('creates the Function URL with auth type NONE on the scrape function', () => {
    const urls = ofType('AWS::Lambda::Url')
    expect(urls).toHaveLength(1)
    expect(urls[0]![1].Properties).toEqual({
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': ['ScrapeLambdaFunction', 'Arn'] },
    })
  })

  it('grants both invoke permissions a public Function URL needs', () => {
    const permissions = ofType('AWS::Lambda::Permission').map(([, r]) => r.Properties)
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

  it('schedules the push function every minute with the Input the handler reads', () => {
    const schedules = ofType('AWS::Scheduler::Schedule')
    expect(schedules).toHaveLength(1)
    const props = schedules[0]![1].Properties as {
      ScheduleExpression: string
      Target: { Arn: unknown; Input: string }
    }
    expect(props.ScheduleExpression).toBe('rate(1 minute)')
    expect(props.Target.Arn).toEqual({ 'Fn::GetAtt': ['PushLambdaFunction', 'Arn'] })
    expect(JSON.parse(props.Target.Input)).toEqual({
      source: 'scheduler',
      scheduledTime: '<aws.scheduler.scheduled-time>',
      scheduleArn: '<aws.scheduler.schedule-arn>',
    })
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
    const listing = (zip: string) => statSync(join(packaged, zip)).size
    expect(listing('scrape.zip')).toBeLessThan(listing('push.zip'))
  })

  it('grants PutMetricData only when that sink is configured, for the namespace only', () => {
    const policy = template.Resources['PutMetricDataPolicy']
    expect(policy?.Condition).toBe('UsePutMetricData')
    expect(template.Conditions['UsePutMetricData']).toEqual({
      'Fn::Not': [{ 'Fn::Equals': ['emf', 'emf'] }],
    })
    expect(JSON.stringify(policy?.Properties)).toContain('"cloudwatch:namespace":"RedisExporter"')
    const role = JSON.stringify(template.Resources['IamRoleLambdaExecution'])
    expect(role).not.toContain('cloudwatch:PutMetricData')
  })
})
