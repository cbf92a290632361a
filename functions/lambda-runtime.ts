// What both Lambda handlers share: stdout lines, the JSON log, the CloudWatch client, init errors.
import type { CloudWatchClientConfig, PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch'
import { version } from '../package.json'
import type { Config, EnvRecord, PutMetricDataClient, Runtime } from '../lib/index'
import { ConfigError, readSettings, redactSecretSettings, startupWarnings } from '../lib/index'

/** One line on stdout, awaited (Lambda does not wait for pending writes after returning). */
export const writeLine = (line: string): Promise<void> =>
  new Promise((resolve, reject) =>
    process.stdout.write(line, (err) => (err ? reject(err) : resolve()))
  )

/** Structured JSON log line on stdout (raw, so Lambda's JSON log format does not re-wrap it). */
export const jsonLog = (entry: Readonly<Record<string, unknown>>): void => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`)
}

const settings = readSettings(process.env)
export const buildInfo = {
  version,
  commitSha: settings.text('REDIS_EXPORTER_COMMIT_SHA') ?? '',
  buildDate: settings.text('REDIS_EXPORTER_BUILD_DATE') ?? '',
  runtimeVersion: `node ${process.version}`,
}

/** Logs the startup warnings of a handler once, at init (never a value). */
export function logStartupWarnings(
  env: EnvRecord,
  runtime: Runtime,
  config: Config,
  log: (entry: Readonly<Record<string, unknown>>) => void
): void {
  for (const msg of startupWarnings(env, runtime, config)) log({ level: 'warn', msg })
}

/**
 * Builds a handler at init. A configuration error is logged as one JSON line (it names the
 * variable; no secret, no stack) and rethrown without its stack, so the init error Lambda
 * reports is that line's text too.
 */
export function initOrExplain<T>(init: () => T, env = process.env): T {
  try {
    return init()
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    const message = redactSecretSettings(err.message, env)
    jsonLog({ level: 'error', msg: 'configuration error', error: message })
    const clean = new ConfigError(message)
    clean.stack = `${clean.name}: ${clean.message}`
    throw clean
  }
}

/**
 * The real CloudWatch client, loaded only when PutMetricData is configured (its code is a
 * separate chunk of the push bundle). The SDK's own retries are off: the sink retries throttling.
 */
export async function cloudWatchPutClient(
  options: CloudWatchClientConfig = {}
): Promise<PutMetricDataClient> {
  const { CloudWatchClient, PutMetricDataCommand } = await import('@aws-sdk/client-cloudwatch')
  const cw = new CloudWatchClient({ maxAttempts: 1, ...options })
  return {
    putMetricData: (input, { abortSignal }) =>
      cw.send(new PutMetricDataCommand(input as PutMetricDataCommandInput), { abortSignal }),
  }
}
