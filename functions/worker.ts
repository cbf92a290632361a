// Cloudflare Workers entry: `fetch` serves the shared app, `scheduled` pushes every target.
// Module scope keeps only what is safe across requests (parsed config, the Upstash REST client,
// plain per-target state); a TCP target gets a fresh ioredis client per request, closed in finally.
import { AsyncLocalStorage } from 'node:async_hooks'
import type { PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch'
import type { ExecutionContext, Hono } from 'hono'
import { Redis } from 'ioredis'
import pkg from '../package.json' with { type: 'json' }
import type { EnvRecord, PushSink, PutMetricDataClient, RedisTransport, Target } from '../lib/index'
import {
  ConfigError,
  IoredisTransport,
  createApp,
  credentialResolver,
  ioredisOptions,
  newPushState,
  putMetricDataSink,
  readSettings,
  redact,
  runPush,
  startupWarnings,
} from '../lib/index'
import { expandTargets, newDiscoveryState } from '../lib/push/expand-targets'
import { pushgatewaySink } from '../lib/push/pushgateway'
import { UpstashRestTransport } from '../lib/transport/upstash-rest'
import type { CloudWatchClientSettings, WorkerConfig } from '../lib/worker-config'
import { envRecord, parseWorkerConfig, parseWorkerPushConfig } from '../lib/worker-config'

type Bindings = Readonly<Record<string, unknown>>
type Runtime = ReturnType<typeof createRuntime>

/** How long a cron run may take, collection and sinks included (crons fire at most every minute). */
const PUSH_BUDGET_MS = 50_000
const log = (entry: Readonly<Record<string, unknown>>): void =>
  console.log(JSON.stringify({ time: new Date().toISOString(), ...entry }))

/** The TCP transports opened while serving one request or cron run, closed when it ends. */
const requestScope = new AsyncLocalStorage<IoredisTransport[]>()
const runtimes = new WeakMap<Bindings, Runtime>()
/** Numbers every per-request transport, so per-connection state (CLIENT SETNAME, CONFIG) never mixes them up. */
let transports = 0
/** The startup warnings are logged once per isolate. */
let warned = false

function createRuntime(env: EnvRecord, wc: WorkerConfig) {
  const { config, upstash } = wc
  const rest = upstash && new UpstashRestTransport({ url: upstash.url, token: upstash.token })
  const getTransport = (target: Target): RedisTransport => {
    if (rest && target.id === upstash.target.id && target.tls === upstash.target.tls) return rest
    const opened = requestScope.getStore()
    if (!opened) throw new Error('a TCP transport was asked for outside a request')
    const t = new IoredisTransport(
      () => new Redis(ioredisOptions(target, config)),
      [config.password, target.password],
      { connectTimeoutMs: config.connectTimeoutSeconds * 1000 }
    )
    opened.push(t)
    const base = ++transports * 1000 // + the transport's own reconnect count
    return {
      send: (commands, opts) => t.send(commands, opts),
      connect: (opts) => t.connect(opts),
      connectionId: () => base + t.connectionId(),
    }
  }
  const settings = readSettings(env)
  const buildInfo = {
    version: pkg.version,
    commitSha: settings.text('REDIS_EXPORTER_COMMIT_SHA') ?? '',
    buildDate: settings.text('REDIS_EXPORTER_BUILD_DATE') ?? '',
    runtimeVersion: 'cloudflare-workers',
  }
  const app: Hono = createApp({
    config,
    getTransport,
    auth: wc.auth,
    version: pkg.version,
    buildInfo,
    log,
  })
  return {
    env,
    config,
    app,
    getTransport,
    pushState: newPushState(),
    discovery: newDiscoveryState(),
  }
}

function runtimeFor(bindings: Bindings): Runtime {
  let rt = runtimes.get(bindings)
  if (!rt) {
    const env = envRecord(bindings)
    const wc = parseWorkerConfig(env)
    if (!warned) {
      warned = true
      for (const msg of startupWarnings(env, 'worker', wc.config)) log({ level: 'warn', msg })
    }
    rt = createRuntime(env, wc)
    runtimes.set(bindings, rt)
  }
  return rt
}

async function inRequestScope<T>(work: () => Promise<T>): Promise<T> {
  const opened: IoredisTransport[] = []
  try {
    return await requestScope.run(opened, work)
  } finally {
    await Promise.all(opened.map((t) => t.close()))
  }
}

async function putMetricDataClient(s: CloudWatchClientSettings) {
  const { CloudWatchClient, PutMetricDataCommand } = await import('@aws-sdk/client-cloudwatch')
  const cw = new CloudWatchClient({ ...s, maxAttempts: 1 }) // the sink retries throttling itself
  const client: PutMetricDataClient = {
    putMetricData: (input, { abortSignal }) =>
      cw.send(new PutMetricDataCommand(input as PutMetricDataCommandInput), { abortSignal }),
  }
  return { client, close: () => cw.destroy() }
}

async function scheduled(controller: { readonly scheduledTime: number }, bindings: Bindings) {
  let rt: Runtime
  let parsed: ReturnType<typeof parseWorkerPushConfig>
  try {
    rt = runtimeFor(bindings)
    parsed = parseWorkerPushConfig(rt.env, rt.config)
  } catch (err) {
    throw configError(err) // logged; the cron run fails visibly
  }
  const { push, pushgateway, cloudwatch } = parsed
  const sinks: PushSink[] = []
  const cw = cloudwatch && (await putMetricDataClient(cloudwatch))
  if (cw) sinks.push(putMetricDataSink({ cloudwatch: push.cloudwatch, client: cw.client }))
  if (pushgateway) sinks.push(pushgatewaySink(pushgateway))
  try {
    const deadlineMs = Date.now() + PUSH_BUDGET_MS
    const prepare = credentialResolver({ env: rt.env })
    const common = { prepare, getTransport: rt.getTransport, config: rt.config, deadlineMs, log }
    const result = await inRequestScope(async () =>
      runPush({
        ...common,
        targets: await expandTargets({
          ...common,
          targets: push.targets,
          mode: push.discoverNodes,
          state: rt.discovery,
        }),
        sinks,
        state: rt.pushState,
        timestampMs: controller.scheduledTime,
      })
    )
    const sent = result.sinks.map(({ sink, ok, sent }) => ({ sink, ok, sent }))
    log({ level: result.ok ? 'info' : 'error', msg: 'push finished', ...result, sinks: sent })
    return result
  } finally {
    cw?.close()
  }
}

/** Logs a ConfigError (its message names the variable, never a secret); rethrows anything else. */
function configError(err: unknown): Error {
  if (!(err instanceof ConfigError)) throw err
  log({ level: 'error', msg: 'configuration error', error: redact(err.message) })
  return err
}

export default {
  async fetch(request: Request, bindings: Bindings, ctx: ExecutionContext): Promise<Response> {
    let rt: Runtime
    try {
      rt = runtimeFor(bindings)
    } catch (err) {
      const message = `error: configuration error: ${redact(configError(err).message)}\n`
      return new Response(message, { status: 500 })
    }
    return inRequestScope(async () => rt.app.fetch(request, bindings, ctx))
  },
  scheduled,
}
