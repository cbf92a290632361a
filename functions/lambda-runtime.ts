// What both Lambda handlers share: stdout lines, the JSON log, startup warnings, init errors.
import type { Config, EnvRecord, Runtime } from '../lib/index'
import { ConfigError, redactSecretSettings, startupWarnings } from '../lib/index'

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
    if (!(err instanceof ConfigError)) throw err
    const message = redactSecretSettings(err.message, env)
    jsonLog({ level: 'error', msg: 'configuration error', error: message })
    const clean = new ConfigError(message)
    clean.stack = `${clean.name}: ${clean.message}`
    throw clean
  }
}
