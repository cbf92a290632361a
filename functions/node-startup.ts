// The Node server's startup: the command line (flags over the environment), the logger, the
// configuration, and the exits redis_exporter makes (-version 0, -help 0, a bad flag 2).
import type { AppDeps, Config, EnvRecord } from '../lib/index'
import { ConfigError, nodeStart, parseHttpsServerSettings } from '../lib/index'
import { buildInfo } from './build-info'
import type { HttpsFiles } from './node-https'
import { httpsServerOptions } from './node-https'
import { nodeConfig } from './node-secrets'

export interface Startup {
  readonly env: EnvRecord
  readonly log: NonNullable<AppDeps['log']>
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

/** -help prints its usage on stdout as it is; errors go to stderr, one line each. */
const exit = (code: number, text: string): never => {
  if (code === 0) process.stdout.write(text)
  else process.stderr.write(`${text}\n`)
  process.exit(code)
}

/** Everything the server needs before it listens; exits 2 naming the setting on a bad one. */
export function startup(argv: readonly string[], processEnv: EnvRecord): Startup {
  const sink = (line: string): void => void process.stderr.write(`${line}\n`)
  const start = nodeStart(argv, processEnv, sink)
  if (start.kind === 'exit') return exit(start.code, start.text)
  const { env, log, ignored } = start
  try {
    if (start.versionOnly) {
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
    return exit(2, start.describeError(err.message))
  }
}
