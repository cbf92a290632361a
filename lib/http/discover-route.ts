import type { Context } from 'hono'
import type { Config } from '../config'
import { RequestError, redact } from '../errors'
import { scrapeDeadline } from '../scrape'
import type { Target } from '../target'
import type { Topology } from '../topology/topology'
import { allowedTarget, requestErrorResponse, targetParam } from './target-param'

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
export function discoverRoute(deps: DiscoverRouteDeps) {
  const { config, topology } = deps
  const secrets = deps.secrets ?? []
  return async (c: Context): Promise<Response> => {
    let seed: Target
    try {
      seed = await seedFor(c.req.queries('target') ?? [], config)
    } catch (err) {
      return requestErrorResponse(c, err, secrets)
    }
    const timeout = scrapeDeadline(
      config.scrapeTimeoutSeconds,
      c.req.header('x-prometheus-scrape-timeout-seconds')
    )
    try {
      const discovery = await topology.discover(seed, timeout)
      return c.json((await import('../topology/http-sd')).httpSdGroups(discovery))
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      return c.text(`error: discovery from ${seed.uri} failed: ${redact(message, secrets)}\n`, 500)
    }
  }
}

/** The seed: `?target=` when allowed (REDIS_ADDR's own settings when it names REDIS_ADDR), else REDIS_ADDR. */
async function seedFor(values: readonly string[], config: Config): Promise<Target> {
  const target = targetParam(values)
  if (!target) {
    if (!config.target) {
      throw new RequestError("'target' parameter must be specified (REDIS_ADDR is empty)")
    }
    return config.target
  }
  if (config.target && config.target.id.toLowerCase() === target.id.toLowerCase()) {
    return config.target
  }
  return allowedTarget(target, config)
}
