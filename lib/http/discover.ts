import type { Context } from 'hono'
import type { Config } from '../config'
import { RequestError, redact } from '../errors'
import { scrapeDeadline } from '../scrape'
import type { Target } from '../target'
import { MAX_TARGET_LENGTH, parseScrapeTarget } from '../target'
import { httpSdGroups } from '../topology/http-sd'
import type { Topology } from '../topology/topology'
import { isTargetAllowed } from './allowlist'

export interface DiscoverRouteDeps {
  readonly config: Config
  readonly topology: Topology
  /** Secrets to remove from error texts. */
  readonly secrets?: readonly (string | undefined)[]
}

/**
 * `GET /discover-cluster-nodes[?target=<seed>]`: the nodes behind REDIS_ADDR (or an allowed seed)
 * as Prometheus http_sd JSON. redis_exporter's path and output shape; it works on any target (a
 * cluster node: every master and replica; a standalone master: itself and its replicas). Only
 * nodes in the discovery scope are listed (discoveryScope), at most MAX_DISCOVERED_NODES groups.
 * 400/403/414 for a bad or disallowed seed, 500 with a one-line reason when discovery fails.
 */
export function discoverClusterNodes(deps: DiscoverRouteDeps) {
  const { config, topology } = deps
  return async (c: Context): Promise<Response> => {
    let seed: Target
    try {
      seed = seedFor(c.req.queries('target') ?? [], config)
    } catch (err) {
      if (err instanceof RequestError) {
        return c.text(`error: ${redact(err.message, deps.secrets)}\n`, err.status)
      }
      throw err
    }
    const timeout = scrapeDeadline(
      config.scrapeTimeoutSeconds,
      c.req.header('x-prometheus-scrape-timeout-seconds')
    )
    try {
      const discovery = await topology.discover(seed, timeout)
      return c.json(httpSdGroups(discovery))
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      return c.text(
        `error: discovery from ${seed.uri} failed: ${redact(message, deps.secrets)}\n`,
        500
      )
    }
  }
}

function seedFor(targets: readonly string[], config: Config): Target {
  if (targets.length > 1) throw new RequestError("'target' parameter given more than once")
  const raw = targets[0]
  if (raw === undefined) {
    if (!config.target) {
      throw new RequestError("'target' parameter must be specified (REDIS_ADDR is empty)")
    }
    return config.target
  }
  if (raw.length > MAX_TARGET_LENGTH) {
    throw new RequestError(`target is longer than ${MAX_TARGET_LENGTH} characters`, 414)
  }
  // Like /scrape: a password in the target is ignored, so it never travels in a URL.
  const target = parseScrapeTarget(raw)
  if (config.target && config.target.id.toLowerCase() === target.id.toLowerCase()) {
    return config.target
  }
  if (!isTargetAllowed(target, config.target, config.scrapeAllowedTargets)) {
    throw new RequestError(
      `target ${target.id} is not allowed; add it to REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS`,
      403
    )
  }
  return target
}
