import type { Context } from 'hono'
import type { Config } from '../config'
import { RequestError, redact } from '../errors'
import type { Target } from '../target'
import { MAX_TARGET_LENGTH, parseScrapeTarget } from '../target'
import type { DynamicAllowlist } from './allowlist'
import { isScrapeAllowed } from './allowlist'

/**
 * The `?target=` of /scrape and /discover-cluster-nodes, parsed: undefined when missing, else the
 * target without its password (like redis_exporter: a password in the target is ignored, so none
 * travels in a URL). Throws RequestError: 400 when repeated or unparsable, 414 when too long.
 */
export function targetParam(values: readonly string[]): Target | undefined {
  if (values.length > 1) throw new RequestError("'target' parameter given more than once")
  const raw = values[0]
  if (raw === undefined) return undefined
  if (raw.length > MAX_TARGET_LENGTH) {
    throw new RequestError(`target is longer than ${MAX_TARGET_LENGTH} characters`, 414)
  }
  return parseScrapeTarget(raw)
}

/**
 * `target` when /scrape may reach it (REDIS_ADDR, REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS, else
 * `dynamic`: nodes discovered in scope); RequestError 403 naming the setting otherwise.
 */
export async function allowedTarget(
  target: Target,
  config: Pick<Config, 'target' | 'scrapeAllowedTargets'>,
  dynamic?: DynamicAllowlist
): Promise<Target> {
  if (await isScrapeAllowed(target, config.target, config.scrapeAllowedTargets, dynamic)) {
    return target
  }
  throw new RequestError(
    `target ${target.id} is not allowed; add it to REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS`,
    403
  )
}

/** The one-line answer to a RequestError (secrets removed); anything else is rethrown. */
export function requestErrorResponse(
  c: Context,
  err: unknown,
  secrets: readonly (string | undefined)[]
): Response {
  if (!(err instanceof RequestError)) throw err
  return c.text(`error: ${redact(err.message, secrets)}\n`, err.status)
}
