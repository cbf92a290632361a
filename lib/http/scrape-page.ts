import type { Config } from '../config'
import type { CpuLane } from '../cpu-lane'
import { redact } from '../errors'
import type { keyOverrides } from '../keys/scrape-overrides'
import { withOverrides } from '../keys/scrape-overrides'
import { FailureLog, logOutcome } from '../failure-log'
import type { BuildInfo, ScrapeOptions } from '../scrape'
import { scrapeDeadline, scrapePage } from '../scrape'
import type { Target } from '../target'
import type { RedisTransport } from '../transport/transport'
import { targetStates } from './target-states'

export interface PageScraperDeps {
  readonly config: Config
  readonly getTransport: (target: Target) => RedisTransport
  /** Milliseconds the invocation has left, read from the runtime's env (see AppDeps). */
  readonly remainingMs?: ((env: unknown) => number | undefined) | undefined
  readonly buildInfo?: BuildInfo | undefined
  readonly now: () => number
  readonly log: (entry: Readonly<Record<string, unknown>>) => void
  /** Secrets to remove from the logged errors. */
  readonly secrets: readonly string[]
  /** Where huge pages take turns (Node server); none on Workers. */
  readonly lane?: CpuLane | undefined
}

/** One page to scrape. */
export interface PageRequest {
  readonly target: Target
  /** X-Prometheus-Scrape-Timeout-Seconds, when Prometheus sent it. */
  readonly timeoutHeader: string | undefined
  /** The runtime's env (`c.env`): what `remainingMs` reads. */
  readonly env: unknown
  /** The main page's own self-metrics. */
  readonly self?: Pick<ScrapeOptions, 'targetScrapeRequestErrors' | 'discovery'>
  /** /scrape's per-request key settings (check-keys…), replacing the configured ones. */
  readonly keyOverrides?: ReturnType<typeof keyOverrides>
}

const SCRAPE_LINES = { failed: 'scrape failed', recovered: 'scrape recovered' }

/**
 * What /metrics and /scrape share: one scrape of a target under its deadline (the configured
 * timeout, lowered to fit Prometheus's header and the invocation's remaining time) with the
 * target's remembered state, written as a page in one pass (scrapePage). A failing target logs
 * its first failure, then a line a minute with the count, then its recovery.
 */
export function pageScraper(deps: PageScraperDeps): (req: PageRequest) => Promise<string> {
  const { config, now, log } = deps
  const stateOf = targetStates()
  const failures = new FailureLog()
  const buildInfo = deps.buildInfo && !config.redisOnlyMetrics ? deps.buildInfo : undefined
  return async (req) => {
    const { target } = req
    const keyChecks = withOverrides(config.keyChecks, req.keyOverrides ?? {})
    const result = await scrapePage(deps.getTransport(target), stateOf(target), {
      config: keyChecks === config.keyChecks ? config : { ...config, keyChecks },
      ...(deps.lane ? { lane: deps.lane } : {}),
      timeoutSeconds: deadlineSeconds(deps, req),
      now,
      target,
      getTransport: deps.getTransport,
      log,
      ...req.self,
      ...(buildInfo ? { buildInfo } : {}),
    })
    const { up, error } = result.snapshot
    logOutcome(failures, log, SCRAPE_LINES, {
      key: target.uri,
      ok: up,
      nowMs: now(),
      details: { error: redact(error, deps.secrets), duration_seconds: result.durationSeconds },
    })
    return result.page
  }
}

/** The scrape's deadline: the invocation's remaining time bounds it like Prometheus's header does. */
function deadlineSeconds(deps: PageScraperDeps, req: PageRequest): number {
  const remainingMs = deps.remainingMs?.(req.env)
  return scrapeDeadline(
    scrapeDeadline(deps.config.scrapeTimeoutSeconds, req.timeoutHeader),
    remainingMs === undefined ? undefined : String(Math.max(remainingMs, 1) / 1000)
  )
}
