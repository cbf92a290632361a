import { Hono } from 'hono'
import { BoundedMap } from './bounded-map'
import type { TargetState } from './collect/target-state'
import { newTargetState } from './collect/target-state'
import type { Config } from './config'
import { configSecrets } from './config'
import { RequestError, redact } from './errors'
import { FailureLog } from './failure-log'
import { isScrapeAllowed } from './http/allowlist'
import { authMiddleware } from './http/auth'
import type { AuthConfig } from './http/auth-config'
import { discoverClusterNodes } from './http/discover'
import { landingPage } from './http/landing'
import type { SelfMetrics } from './metrics/build'
import { addDiscoveryFamilies } from './metrics/build'
import { FamilySet } from './metrics/family-set'
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from './render/prometheus'
import type { ScrapeResult } from './scrape'
import { createCpuLane } from './cpu-lane'
import { scrapeDeadline, scrapeTarget } from './scrape'
import type { Target } from './target'
import { MAX_TARGET_LENGTH, parseScrapeTarget } from './target'
import { createTopology } from './topology/topology'
import type { RedisTransport } from './transport/transport'

export interface AppDeps {
  readonly config: Config
  /** The runtime's transport for a target (Node/Lambda keep one warm client per target). */
  readonly getTransport: (target: Target) => RedisTransport
  /** Text appended to the main metrics page only (Node process metrics). */
  readonly processMetrics?: () => Promise<string>
  readonly version?: string
  readonly buildInfo?: NonNullable<SelfMetrics['buildInfo']>
  /** Milliseconds clock; defaults to Date.now. */
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
   * Let concurrent requests for the same page share one in-flight scrape (Node server). Leave
   * off where requests must not await each other's I/O (Cloudflare Workers).
   */
  readonly shareConcurrentScrapes?: boolean
}

/** The most targets whose state (facts, CONFIG cache, counters) is remembered. */
export const MAX_REMEMBERED_TARGETS = 1000
const MAX_URL_LENGTH = 4096

/** The shared HTTP app every runtime serves. */
export function createApp(deps: AppDeps): Hono {
  const { config } = deps
  const now = deps.now ?? Date.now
  const log = deps.log ?? (() => undefined)
  const secrets = configSecrets(config)
  const topology = createTopology({ config, getTransport: deps.getTransport, now, log })
  const states = new BoundedMap<string, TargetState>(MAX_REMEMBERED_TARGETS)
  const failures = new FailureLog()
  let requestErrors = 0
  const inflight = new Map<string, Promise<string>>()
  // Huge pages are built one per event-loop turn (same rule as above: not on Workers).
  const lane = deps.shareConcurrentScrapes ? createCpuLane() : undefined

  /**
   * Concurrent requests for the same page share one scrape (Go's singleflight): N simultaneous
   * scrapers (an HA Prometheus pair, a retry storm) cost Redis one round trip, not N.
   */
  const shared = (key: string, work: () => Promise<string>): Promise<string> => {
    // Off on Workers: a promise settled by another request's I/O must not be awaited there.
    if (!deps.shareConcurrentScrapes) return work()
    let page = inflight.get(key)
    if (!page) {
      page = work().finally(() => inflight.delete(key))
      inflight.set(key, page)
    }
    return page
  }

  const stateFor = (target: Target): TargetState => {
    let state = states.get(target.uri)
    if (!state) {
      state = newTargetState()
      states.set(target.uri, state)
    }
    return state
  }

  const scrape = async (
    target: Target,
    timeoutHeader: string | undefined,
    main: boolean,
    env: unknown
  ) => {
    // The invocation's remaining time bounds the scrape like Prometheus's header does.
    const remainingMs = deps.remainingMs?.(env)
    const timeoutSeconds = scrapeDeadline(
      scrapeDeadline(config.scrapeTimeoutSeconds, timeoutHeader),
      remainingMs === undefined ? undefined : String(Math.max(remainingMs, 1) / 1000)
    )
    const result = await scrapeTarget(deps.getTransport(target), stateFor(target), {
      config,
      ...(lane ? { lane } : {}),
      timeoutSeconds,
      now,
      target,
      log,
      ...(main ? { targetScrapeRequestErrors: requestErrors, discovery: topology.counts() } : {}),
      ...(deps.buildInfo && !config.redisOnlyMetrics ? { buildInfo: deps.buildInfo } : {}),
    })
    logOutcome(target, result)
    return renderPrometheus(result.families)
  }

  /** A failing target logs its first failure, then a line a minute with the count, then its recovery. */
  const logOutcome = (target: Target, result: ScrapeResult): void => {
    if (result.snapshot.up) {
      const recovered = failures.succeeded(target.uri, now())
      if (recovered) {
        log({
          level: 'info',
          msg: 'scrape recovered',
          target: target.uri,
          failures: recovered.failures,
          down_seconds: recovered.downSeconds,
        })
      }
      return
    }
    const line = failures.failed(target.uri, now())
    if (!line) return
    log({
      level: 'warn',
      msg: 'scrape failed',
      target: target.uri,
      error: redact(result.snapshot.error, secrets),
      duration_seconds: result.durationSeconds,
      ...(line.first ? {} : { failures_since_last_log: line.failures }),
    })
  }

  const app = new Hono()

  app.use('*', async (c, next) => {
    if (c.req.url.length > MAX_URL_LENGTH) {
      return c.text(`error: request URL longer than ${MAX_URL_LENGTH} characters\n`, 414)
    }
    await next()
  })

  if (deps.auth) app.use('*', authMiddleware(deps.auth))

  app.get('/health', (c) => c.text('ok'))

  app.get('/', (c) =>
    c.html(
      landingPage({
        telemetryPath: config.telemetryPath,
        targetUri: config.target?.uri,
        version: deps.version ?? 'dev',
        scrapeEnabled: !config.disableScrapeEndpoint,
      })
    )
  )

  app.get(config.telemetryPath, async (c) => {
    const timeout = c.req.header('x-prometheus-scrape-timeout-seconds')
    const body = await shared('main', () => mainPage(timeout, c.env))
    return c.body(body, 200, { 'content-type': PROMETHEUS_CONTENT_TYPE })
  })

  const mainPage = async (timeout: string | undefined, env: unknown): Promise<string> => {
    let body = config.target ? await scrape(config.target, timeout, true, env) : ''
    if (!config.target) {
      // Proxy-only mode (REDIS_ADDR=""): the exporter's own metrics only.
      const discovery = new FamilySet(config.namespace)
      addDiscoveryFamilies(discovery, topology.counts())
      body = renderPrometheus([
        ...discovery.list(),
        {
          name: `${config.namespace}_target_scrape_request_errors_total`,
          help: 'Total number of /scrape requests rejected as malformed or not allowed.',
          type: 'counter',
          samples: [{ labels: {}, value: requestErrors }],
        },
      ])
    }
    if (deps.processMetrics && !config.redisOnlyMetrics) body += `\n${await deps.processMetrics()}`
    return body
  }

  if (!config.disableScrapeEndpoint) {
    app.get('/scrape', async (c) => {
      const targets = c.req.queries('target') ?? []
      let target: Target
      try {
        if (targets.length === 0) throw new RequestError("'target' parameter must be specified")
        if (targets.length > 1) throw new RequestError("'target' parameter given more than once")
        const raw = targets[0]!
        if (raw.length > MAX_TARGET_LENGTH) {
          throw new RequestError(`target is longer than ${MAX_TARGET_LENGTH} characters`, 414)
        }
        // Like redis_exporter: a password in the target is ignored, so it never travels in a URL.
        target = parseScrapeTarget(raw)
        const allowed = await isScrapeAllowed(
          target,
          config.target,
          config.scrapeAllowedTargets,
          topology.allows
        )
        if (!allowed) {
          throw new RequestError(
            `target ${target.id} is not allowed; add it to REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS`,
            403
          )
        }
      } catch (err) {
        requestErrors += 1
        if (err instanceof RequestError) {
          return c.text(`error: ${redact(err.message, secrets)}\n`, err.status)
        }
        throw err
      }
      const timeout = c.req.header('x-prometheus-scrape-timeout-seconds')
      const body = await shared(`scrape ${target.uri}`, () =>
        scrape(topology.withSeedCredentials(target), timeout, false, c.env)
      )
      return c.body(body, 200, { 'content-type': PROMETHEUS_CONTENT_TYPE })
    })
    app.get('/discover-cluster-nodes', discoverClusterNodes({ config, topology, secrets }))
  }

  app.notFound((c) => c.text('error: not found\n', 404))

  app.onError((err, c) => {
    log({ level: 'error', msg: 'request failed', error: redact(String(err), secrets) })
    if (err instanceof RequestError)
      return c.text(`error: ${redact(err.message, secrets)}\n`, err.status)
    return c.text('error: internal error\n', 500)
  })

  return app
}
