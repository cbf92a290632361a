// What both Lambda handlers share: stdout lines, the JSON log, startup warnings, init errors.
import type { Built, Config, EnvRecord, Runtime, SecretResolver } from '../lib/index'
import {
  ConfigError,
  readSettings,
  redactSecretSettings,
  secretAware,
  secretsExtensionResolver,
  startupWarnings,
} from '../lib/index'

/** One line on stdout, awaited (Lambda does not wait for pending writes after returning). */
export const writeLine = (line: string): Promise<void> =>
  new Promise((resolve, reject) =>
    process.stdout.write(line, (err) => (err ? reject(err) : resolve()))
  )

/** Structured JSON log line on stdout (raw, so Lambda's JSON log format does not re-wrap it). */
export const jsonLog = (entry: Readonly<Record<string, unknown>>): void => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`)
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
    throw explained(err, env)
  }
}

/** initOrExplain for an asynchronous init (one that reads secrets first). */
export async function initOrExplainAsync<T>(init: () => Promise<T>, env = process.env): Promise<T> {
  try {
    return await init()
  } catch (err) {
    throw explained(err, env)
  }
}

function explained(err: unknown, env: EnvRecord): unknown {
  if (!(err instanceof ConfigError)) return err
  const message = redactSecretSettings(err.message, env)
  jsonLog({ level: 'error', msg: 'configuration error', error: message })
  const clean = new ConfigError(message)
  clean.stack = `${clean.name}: ${clean.message}`
  return clean
}

/** Secrets through the Parameters and Secrets extension, with the function's session token. */
export function extensionResolver(env: EnvRecord): SecretResolver {
  const settings = readSettings(env)
  return secretsExtensionResolver({
    fetch,
    sessionToken: settings.text('AWS_SESSION_TOKEN') ?? '',
    port: settings.int('PARAMETERS_SECRETS_EXTENSION_HTTP_PORT'),
  })
}

type Handler = (event: unknown, context?: never) => Promise<unknown>

/**
 * A Lambda entry whose `…_SSM` / `…_SECRET_ARN` references are read at cold start (top-level
 * await) and refreshed while warm; `build` makes the handler from the filled-in environment.
 */
export async function secretAwareEntry(
  runtime: Runtime,
  build: (env: EnvRecord) => Built<Handler>,
  env: EnvRecord = process.env,
  resolve: SecretResolver = extensionResolver(env)
): Promise<Handler> {
  const aware = await initOrExplainAsync(
    () => secretAware({ env, runtime, resolve, build, log: jsonLog }),
    env
  )
  return async (event, context) => (await aware.current())(event, context)
}
