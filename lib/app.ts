import { Hono } from 'hono'
import type { MiddlewareHandler } from 'hono'
import type { Config } from './config'
import { configSecrets } from './config'
import { createCpuLane } from './cpu-lane'
import { RequestError, redact } from './errors'
import { authMiddleware } from './http/auth'
import type { PageBytes, PageGzip } from './http/compression'
import { gzipWhenAccepted } from './http/compression'
import type { AuthConfig } from './http/auth-config'
import { discoverRoute } from './http/discover-route'
import { healthRoute, landingRoute } from './http/health-route'
import { metricsRoute } from './http/metrics-route'
import type { ReloadPasswords } from './http/reload-route'
import { reloadRoute } from './http/reload-route'
import { pageScraper } from './http/scrape-page'
import { scrapeRoute } from './http/scrape-route'
import { cachedFor } from './primitives/cached-for'
import { preciseNow } from './primitives/clock'
import { Singleflight } from './primitives/singleflight'
import type { BuildInfo } from './scrape'
import type { Target } from './target'
import { createTopology } from './topology/topology'
import type { RedisTransport } from './transport/transport'

export interface AppDeps {
  readonly config: Config
  /** The runtime's transport for a target (Node/Lambda keep one warm client per target). */
  readonly getTransport: (target: Target) => RedisTransport
  /**
   * Text appended to the main metrics page only (Node process metrics). Rendered at most once a
   * second: the Node server's collectors cost 0.3–0.4 ms of CPU per call warm, more when cold.
   */
  readonly processMetrics?: () => Promise<string>
  readonly version?: string
  readonly buildInfo?: BuildInfo
  /** Milliseconds clock; defaults to preciseNow (sub-millisecond). */
  readonly now?: () => number
  /** Structured log sink; receives only redacted values. */
  readonly log?: (entry: Readonly<Record<string, unknown>>) => void
  /** HTTP auth for every path but /health (see parseAuthConfig). Default: none (Node server). */
  readonly auth?: AuthConfig
  /**
   * Milliseconds the invocation has left, read from the runtime's env (`c.env`; on Lambda
   * `lambdaContext.getRemainingTimeInMillis()`). Each scrape's deadline is lowered to fit it.
   */
  readonly remainingMs?: (env: unknown) => number | undefined
  /**
   * Let concurrent requests for the same page share one in-flight scrape, and build huge pages
   * one per event-loop turn (Node server). Leave off where requests must not await each other's
   * I/O (Cloudflare Workers).
   */
  readonly shareConcurrentScrapes?: boolean
  /**
   * gzip bodies of 1 KB or more when the request accepts it (Node, Lambda; lib/http/compression);
   * with the runtime's own gzip function, the pages are compressed by it (Node server, Lambda).
   */
  readonly compress?: boolean | PageGzip
  /** The runtime's UTF-8 bytes of a plain page, sent instead of the text (Node server). */
  readonly pageBytes?: PageBytes
  /** Serve `/-/reload` with this re-read of REDIS_PASSWORD_FILE (Node server; lib/http/reload-route). */
  readonly reload?: ReloadPasswords
}

const MAX_URL_LENGTH = 4096
const PROCESS_METRICS_TTL_MS = 1000

/** The shared HTTP app every runtime serves: middleware, the routes of lib/http/, the errors. */
export function createApp(deps: AppDeps): Hono {
  const { config } = deps
  const now = deps.now ?? preciseNow
  const log = deps.log ?? (() => undefined)
  const secrets = configSecrets(config)
  const topology = createTopology({ config, getTransport: deps.getTransport, now, log })
  const flights = deps.shareConcurrentScrapes ? new Singleflight<string>() : undefined
  const routes = {
    config,
    topology,
    secrets,
    requests: { rejected: 0 },
    processMetrics:
      deps.processMetrics && cachedFor(PROCESS_METRICS_TTL_MS, deps.processMetrics, now),
    shared: (key: string, work: () => Promise<string>) => flights?.run(key, work) ?? work(),
    gzip: typeof deps.compress === 'function' ? deps.compress : undefined,
    bytes: deps.pageBytes,
    page: pageScraper({ ...deps, now, log, secrets, lane: flights && createCpuLane() }),
  }

  const app = new Hono()
  app.use('*', urlLengthLimit)
  if (deps.auth) app.use('*', authMiddleware(deps.auth))
  // The pages only (after auth: a refusal stays plain); /health and / are a few bytes.
  if (deps.compress) {
    for (const path of [config.telemetryPath, '/scrape', '/discover-cluster-nodes']) {
      app.use(path, gzipWhenAccepted())
    }
  }
  app.get('/health', healthRoute)
  app.get('/', landingRoute(config, deps.version ?? 'dev'))
  app.get(config.telemetryPath, metricsRoute(routes))
  if (!config.disableScrapeEndpoint) {
    app.get('/scrape', scrapeRoute(routes))
    app.get('/discover-cluster-nodes', discoverRoute(routes))
  }
  if (deps.reload) app.all('/-/reload', reloadRoute(deps.reload, secrets))
  app.notFound((c) => c.text('error: not found\n', 404))
  app.onError((err, c) => {
    log({ level: 'error', msg: 'request failed', error: redact(String(err), secrets) })
    if (err instanceof RequestError) {
      return c.text(`error: ${redact(err.message, secrets)}\n`, err.status)
    }
    return c.text('error: internal error\n', 500)
  })
  return app
}

const urlLengthLimit: MiddlewareHandler = async (c, next) => {
  if (c.req.url.length > MAX_URL_LENGTH) {
    return c.text(`error: request URL longer than ${MAX_URL_LENGTH} characters\n`, 414)
  }
  await next()
}
