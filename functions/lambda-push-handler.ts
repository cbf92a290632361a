// The push handler: EventBridge rule or Scheduler event → collect every target → CloudWatch.
import type { EnvRecord, PutMetricDataClient, SecretResolver, Target } from '../lib/index'
import {
  buildSinks,
  credentialResolver,
  newPushOnceState,
  parseConfig,
  parsePushConfig,
  pushOnEvent,
} from '../lib/index'
import { readScriptFiles } from './node-secrets'
import { cloudWatchPutClient } from './cloudwatch-client'
import { createRespPool } from './resp-pool'
import { extensionResolver, jsonLog, logStartupWarnings, writeLine } from './lambda-runtime'

export type { PushOutcome } from '../lib/index'

/** CPU time of this process so far (user + system), ms: the push's PushCpuTime self-metric. */
const processCpuMs = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

export interface PushHandlerDeps {
  readonly write?: (line: string) => Promise<void>
  readonly log?: (entry: Readonly<Record<string, unknown>>) => void
  readonly putMetricDataClient?: () => Promise<PutMetricDataClient>
  readonly resolveSecret?: SecretResolver
  readonly now?: () => number
}

export function createPushHandler(env: EnvRecord, deps: PushHandlerDeps = {}) {
  const config = parseConfig(env, {}, readScriptFiles(env))
  const push = parsePushConfig(env, config)
  const log = deps.log ?? jsonLog
  logStartupWarnings(env, 'lambda-push', config, log)
  // One warm client per target of a shard: a smaller pool closes clients still collecting.
  const pool = createRespPool(config, Math.max(config.maxClients, push.largestShard))
  const resolveSecret = deps.resolveSecret ?? extensionResolver(env)
  const write = deps.write ?? writeLine
  const pusher = {
    config,
    push,
    log,
    ...(deps.now ? { now: deps.now } : {}),
    state: newPushOnceState(),
    write,
    cpuMs: processCpuMs,
    getTransport: (t: Target) => pool.get(t),
    prepare: credentialResolver({ env, resolveSecret }),
    sinks: buildSinks(push, {
      write,
      putMetricData: deps.putMetricDataClient ?? (() => cloudWatchPutClient()),
    }),
  }
  const handler = (event: unknown, context?: { getRemainingTimeInMillis?: () => number }) =>
    pushOnEvent(pusher, event, context?.getRemainingTimeInMillis?.())
  return { handler, close: () => pool.closeAll() }
}
