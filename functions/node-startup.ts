// The Node server's startup: the command line (flags over the environment), the logger, the
// configuration, and the exits redis_exporter makes (-version 0, -help 0, a bad flag 2).
import type { AppDeps, Config, EnvRecord, LogFn } from '../lib/index'
import {
  ConfigError,
  SETTING_DOCS,
  createLogger,
  flagHint,
  parseCommandLine,
  parseHttpsServerSettings,
  parseLogSettings,
  redactSecretSettings,
  usage,
} from '../lib/index'
import { buildInfo } from './build-info'
import type { HttpsFiles } from './node-https'
import { httpsServerOptions } from './node-https'
import { nodeConfig } from './node-secrets'

const PROGRAM = 'redis-exporter'

export interface Startup {
  readonly env: EnvRecord
  readonly log: LogFn
  readonly config: Config
  readonly auth: NonNullable<AppDeps['auth']>
  /** Set when the server serves HTTPS. */
  readonly https?: { readonly files: HttpsFiles; readonly options: object }
  /** Arguments after the first non-flag: ignored, as Go's flag package does (warned about). */
  readonly ignored: readonly string[]
}

/** redis_exporter's first log line, with this exporter's version and runtime. */
export function versionLine(env: EnvRecord): string {
  const b = buildInfo(env, `node ${process.version}`)
  return `Redis Metrics Exporter ${b.version}    build date: ${b.buildDate}    sha1: ${b.commitSha}    runtime: ${b.runtimeVersion}`
}

const fail = (message: string, code: number): never => {
  process.stderr.write(`${message}\n`)
  process.exit(code)
}

type Parsed = {
  env: EnvRecord
  ignored: readonly string[]
  versionOnly: boolean
  flags: ReadonlyMap<string, string>
}

/** The environment with the command line applied, or the exit -help and a bad flag make. */
function applyCommandLine(argv: readonly string[], env: EnvRecord): Parsed {
  const line = parseCommandLine(argv, env)
  if (line.kind === 'help') {
    process.stdout.write(usage(PROGRAM, SETTING_DOCS))
    process.exit(0)
  }
  if (line.kind === 'error') return fail(`${line.message}\n${usage(PROGRAM, SETTING_DOCS)}`, 2)
  return { env: line.env, ignored: line.ignored, versionOnly: line.version, flags: line.flags }
}

/** Everything the server needs before it listens; exits 2 naming the setting on a bad one. */
export function startup(argv: readonly string[], processEnv: EnvRecord): Startup {
  const { env, ignored, versionOnly, flags } = applyCommandLine(argv, processEnv)
  try {
    const redact = (line: string): string => redactSecretSettings(line, env)
    const sink = (line: string): void => void process.stderr.write(`${line}\n`)
    const logSettings = parseLogSettings(env)
    const log = createLogger({ ...logSettings, sink, redact })
    if (logSettings.level === 'debug') log({ level: 'debug', msg: 'Enabling debug output' })
    if (versionOnly) {
      log({ level: 'info', msg: versionLine(env) })
      process.exit(0)
    }
    const { config, auth } = nodeConfig(env)
    const files = parseHttpsServerSettings(env)
    const https = files && { files, options: httpsServerOptions(files) }
    log({ level: 'info', msg: versionLine(env) })
    return { env, log, config, auth, ...(https ? { https } : {}), ignored }
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    const message = redactSecretSettings(err.message, env)
    return fail(`${PROGRAM}: configuration error: ${message}${flagHint(message, flags)}`, 2)
  }
}
