// The scrape handler: the shared Hono app behind hono/aws-lambda (Function URL, API Gateway v2, ALB).
import { handle } from 'hono/aws-lambda'
import type { LambdaContext } from 'hono/aws-lambda'
import type { EnvRecord } from '../lib/index'
import { acceptHttpEvent, createApp, parseAuthConfig, parseConfig } from '../lib/index'
import { buildInfo } from './build-info'
import { gzipPage } from './gzip-page'
import { readScriptFiles } from './node-secrets'
import { createRespPool } from './resp-pool'
import { jsonLog, logStartupWarnings } from './lambda-runtime'

type LambdaEnv = { lambdaContext?: LambdaContext } | undefined

/** Everything lives as long as the container: the app, its target state and the Redis clients (the lean RESP client). */
export function createScrapeHandler(
  env: EnvRecord,
  deps: { readonly log?: (entry: Readonly<Record<string, unknown>>) => void } = {}
) {
  const config = parseConfig(env, {}, readScriptFiles(env))
  const auth = parseAuthConfig(env, { requireCredentials: true })
  const log = deps.log ?? jsonLog
  logStartupWarnings(env, 'lambda-scrape', config, log)
  const pool = createRespPool(config)
  const build = buildInfo(env, `node ${process.version}`)
  const app = createApp({
    config,
    auth,
    getTransport: (t) => pool.get(t),
    remainingMs: (e) => (e as LambdaEnv)?.lambdaContext?.getRemainingTimeInMillis(),
    version: build.version,
    buildInfo: build,
    // The runtime's gzip: Function URLs get the base64 body hono/aws-lambda makes of it.
    compress: gzipPage,
    log,
  })
  const serve = handle(app)
  /** An event that is not a valid HTTP event gets a 400 with a one-line reason, never a throw. */
  const handler = async (event: unknown, context?: unknown) => {
    const verdict = acceptHttpEvent(event)
    if (!verdict.ok) {
      log({ level: 'warn', msg: 'bad event', error: verdict.reason })
      return verdict.response
    }
    return serve(verdict.event as never, context as never)
  }
  return { handler, app, close: () => pool.closeAll() }
}
