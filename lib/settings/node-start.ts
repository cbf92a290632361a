/**
 * The Node server's start as redis_exporter makes it: the command line applied over the
 * environment (flags win), the logger its settings ask for, and the exits `-help` (0),
 * `-version` (0) and a bad flag (2) make. Pure: the entry prints what this returns and exits.
 */
import { ConfigError } from '../errors'
import type { LogFn } from '../log'
import { createLogger, parseLogSettings } from '../log'
import { flagHint, parseCommandLine, usage } from './cli'
import { SETTING_DOCS } from './docs'
import type { EnvRecord } from './read'
import { redactSecretSettings } from './secret-settings'

export const PROGRAM = 'redis-exporter'

export type NodeStart =
  /** Print `text` on stdout (code 0) or stderr (code 2), then exit with `code`. */
  | { readonly kind: 'exit'; readonly code: 0 | 2; readonly text: string }
  | {
      readonly kind: 'run'
      /** The environment with the flags applied. */
      readonly env: EnvRecord
      /** Redacts every secret setting's value; writes through the sink given. */
      readonly log: LogFn
      /** -version was given: log the version line, then exit 0. */
      readonly versionOnly: boolean
      /** Arguments after the first non-flag: ignored, as Go's flag package does (warn). */
      readonly ignored: readonly string[]
      /** The one-line message a configuration error exits 2 with (secrets redacted). */
      readonly describeError: (message: string) => string
    }

/** Reads the command line over `processEnv` and makes the logger. */
export function nodeStart(
  argv: readonly string[],
  processEnv: EnvRecord,
  sink: (line: string) => void
): NodeStart {
  const line = parseCommandLine(argv, processEnv)
  if (line.kind === 'help') return { kind: 'exit', code: 0, text: usage(PROGRAM, SETTING_DOCS) }
  if (line.kind === 'error') {
    return { kind: 'exit', code: 2, text: `${line.message}\n${usage(PROGRAM, SETTING_DOCS)}` }
  }
  const { env, flags } = line
  const redact = (text: string): string => redactSecretSettings(text, env)
  const describeError = (message: string): string =>
    `${PROGRAM}: configuration error: ${redact(message)}${flagHint(redact(message), flags)}`
  try {
    const settings = parseLogSettings(env)
    const log = createLogger({ ...settings, sink, redact })
    if (settings.level === 'debug') log({ level: 'debug', msg: 'Enabling debug output' })
    return {
      kind: 'run',
      env,
      log,
      versionOnly: line.version,
      ignored: line.ignored,
      describeError,
    }
  } catch (err) {
    if (err instanceof ConfigError)
      return { kind: 'exit', code: 2, text: describeError(err.message) }
    throw err
  }
}
