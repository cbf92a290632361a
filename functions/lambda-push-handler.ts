// The push handler: EventBridge rule or Scheduler event → collect every target → CloudWatch.
import type {
  EnvRecord,
  PushResult,
  PushSink,
  PutMetricDataClient,
  ScheduleTrigger,
  SecretResolver,
  Target,
} from '../lib/index'
import {
  RequestError,
  credentialResolver,
  emfSink,
  newPushState,
  parseConfig,
  parsePushConfig,
  parseScheduleEvent,
  pushTimestamp,
  putMetricDataSink,
  readSettings,
  runPush,
  secretsExtensionResolver,
} from '../lib/index'
import { expandTargets, newDiscoveryState } from '../lib/push/expand-targets'
import { createIoredisPool } from './ioredis-pool'
import { cloudWatchPutClient, jsonLog, logStartupWarnings, writeLine } from './lambda-runtime'

/** Time kept back from the invocation's remaining time for returning the result. */
const RETURN_MARGIN_MS = 500

export interface PushHandlerDeps {
  readonly write?: (line: string) => Promise<void>
  readonly log?: (entry: Readonly<Record<string, unknown>>) => void
  readonly putMetricDataClient?: () => Promise<PutMetricDataClient>
  readonly resolveSecret?: SecretResolver
  readonly now?: () => number
}

export type PushOutcome = Omit<PushResult, 'sinks'> & {
  readonly trigger: ScheduleTrigger
  readonly sinks: readonly { sink: string; ok: boolean; sent: number }[]
}

export function createPushHandler(env: EnvRecord, deps: PushHandlerDeps = {}) {
  const config = parseConfig(env)
  const push = parsePushConfig(env, config)
  const settings = readSettings(env)
  const log = deps.log ?? jsonLog
  logStartupWarnings(env, 'lambda-push', config, log)
  const now = deps.now ?? Date.now
  const state = newPushState()
  const discovery = newDiscoveryState()
  // One warm client per target: a pool smaller than the target list closes clients that are still
  // collecting (those targets report redis_up 0) and reconnects on every push.
  const pool = createIoredisPool(config, Math.max(64, push.targets.length))
  const prepare = credentialResolver({
    env,
    resolveSecret:
      deps.resolveSecret ??
      secretsExtensionResolver({
        fetch,
        sessionToken: settings.text('AWS_SESSION_TOKEN') ?? '',
        port: settings.int('PARAMETERS_SECRETS_EXTENSION_HTTP_PORT'),
      }),
  })
  const sinks: PushSink[] = []
  if (push.sinks.includes('emf')) {
    sinks.push(emfSink({ cloudwatch: push.cloudwatch, write: deps.write ?? writeLine }))
  }
  if (push.sinks.includes('putmetricdata')) {
    // Created on first use, so the SDK is never loaded when only EMF is configured.
    let client: Promise<PutMetricDataClient> | undefined
    sinks.push({
      name: 'putmetricdata',
      send: async (results, opts) => {
        client ??= (deps.putMetricDataClient ?? (() => cloudWatchPutClient()))()
        const ready = await client.catch((err: unknown) => {
          client = undefined // try loading it again next time
          throw err
        })
        return putMetricDataSink({ cloudwatch: push.cloudwatch, client: ready }).send(results, opts)
      },
    })
  }

  const handler = async (
    event: unknown,
    context?: { getRemainingTimeInMillis?: () => number }
  ): Promise<PushOutcome> => {
    let trigger: ScheduleTrigger
    try {
      trigger = parseScheduleEvent(event)
    } catch (err) {
      // An event meant for the scrape function: one line, no stack trace, nothing pushed.
      if (!(err instanceof RequestError)) throw err
      log({ level: 'error', msg: 'bad event', error: err.message })
      return {
        ok: false,
        trigger: { kind: 'refused' },
        targets: [],
        sinks: [],
        failures: [err.message],
      }
    }
    const started = now()
    const remaining = context?.getRemainingTimeInMillis?.() ?? 60_000
    const deadlineMs = started + Math.max(100, remaining - RETURN_MARGIN_MS)
    const getTransport = (t: Target) => pool.get(t)
    const targets = await expandTargets({
      targets: push.targets,
      mode: push.discoverNodes,
      prepare,
      getTransport,
      config,
      state: discovery,
      deadlineMs,
      now,
      log,
    })
    const result = await runPush({
      targets,
      prepare,
      getTransport,
      config,
      sinks,
      state,
      deadlineMs,
      timestampMs: pushTimestamp(trigger, started),
      now,
      log,
    })
    const outcome: PushOutcome = {
      ok: result.ok,
      trigger,
      targets: result.targets,
      sinks: result.sinks.map(({ sink, ok, sent }) => ({ sink, ok, sent })),
      failures: result.failures,
    }
    log({
      level: result.ok ? 'info' : 'error',
      msg: result.ok ? 'push finished' : 'push finished with failures',
      ...outcome,
    })
    return outcome
  }
  return { handler, close: () => pool.closeAll() }
}
