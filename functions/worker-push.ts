// The Worker's cron push: the sinks a Worker can use, then the one push path of lib/.
import type { PushOutcome } from '../lib/index'
import { buildSinks, credentialResolver, parseWorkerPushConfig, pushOnce } from '../lib/index'
import type { CloseablePutMetricDataClient } from './cloudwatch-client'
import { cloudWatchPutClient } from './cloudwatch-client'
import type { Runtime } from './worker-runtime'
import { log } from './worker-runtime'
import { inRequestScope } from './worker-transports'

/** How long a cron run may take, collection and sinks included (crons fire at most every minute). */
const PUSH_BUDGET_MS = 50_000

/** What the cron run pushes to; throws ConfigError naming the variable. */
export function cronConfig(rt: Runtime) {
  return parseWorkerPushConfig(rt.env, rt.config)
}

/** One cron run: every target to PutMetricData and/or the Pushgateway, the clients closed after. */
export async function cronPush(
  rt: Runtime,
  { push, pushgateway, cloudwatch }: ReturnType<typeof cronConfig>,
  scheduledTime: number
): Promise<PushOutcome> {
  const clients: CloseablePutMetricDataClient[] = []
  const putMetricData = async (settings: NonNullable<typeof cloudwatch>) => {
    const client = await cloudWatchPutClient(settings)
    clients.push(client)
    return client
  }
  const sinks = buildSinks(push, {
    ...(cloudwatch ? { putMetricData: () => putMetricData(cloudwatch) } : {}),
    ...(pushgateway ? { pushgateway } : {}),
  })
  const { config, getTransport, env } = rt
  const prepare = credentialResolver({ env })
  const deps = { config, push, sinks, getTransport, prepare, log, state: rt.push }
  const trigger = { kind: 'cron', scheduledTimeMs: scheduledTime } as const
  const deadlineMs = Date.now() + PUSH_BUDGET_MS
  try {
    return await inRequestScope(() =>
      pushOnce(deps, { trigger, deadlineMs, timestampMs: scheduledTime })
    )
  } finally {
    for (const client of clients) client.close()
  }
}
