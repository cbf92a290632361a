import type { Context } from 'hono'
import type { Config } from '../config'
import { RequestError } from '../errors'
import { keyOverrides } from '../keys/scrape-overrides'
import type { Target } from '../target'
import type { Topology } from '../topology/topology'
import type { PageBytes, PageGzip } from './compression'
import { pageResponse } from './compression'
import type { RequestCounts } from './metrics-route'
import type { PageRequest } from './scrape-page'
import { allowedTarget, requestErrorResponse, targetParam } from './target-param'

export interface ScrapeRouteDeps {
  readonly config: Config
  readonly topology: Pick<Topology, 'allows' | 'withSeedCredentials'>
  readonly requests: RequestCounts
  readonly page: (req: PageRequest) => Promise<string>
  readonly shared: (key: string, work: () => Promise<string>) => Promise<string>
  /** Secrets to remove from error texts. */
  readonly secrets: readonly string[]
  /** The runtime's gzip for the page, when it has one (lib/http/compression). */
  readonly gzip?: PageGzip | undefined
  /** The runtime's bytes of a plain page, when it has them (lib/http/compression). */
  readonly bytes?: PageBytes | undefined
}

/**
 * `GET /scrape?target=<uri>`: one allowed target's page without process metrics (multi-target
 * mode). A missing, repeated, too long, unparsable or not allowed target is a one-line 400, 414 or
 * 403, counted in `target_scrape_request_errors_total`.
 */
export function scrapeRoute(deps: ScrapeRouteDeps) {
  const { config, topology } = deps
  return async (c: Context): Promise<Response> => {
    let target: Target
    let keys: ReturnType<typeof keyOverrides>
    try {
      const given = targetParam(c.req.queries('target') ?? [])
      if (!given) throw new RequestError("'target' parameter must be specified")
      target = await allowedTarget(given, config, topology.allows)
      keys = keyOverrides((name) => c.req.queries(name))
    } catch (err) {
      deps.requests.rejected += 1
      return requestErrorResponse(c, err, deps.secrets)
    }
    const timeoutHeader = c.req.header('x-prometheus-scrape-timeout-seconds')
    // Requests with the same key overrides share one scrape; different ones do not.
    const shareKey = `scrape ${target.uri} ${JSON.stringify(keys)}`
    const body = await deps.shared(shareKey, () =>
      deps.page({
        target: topology.withSeedCredentials(target),
        timeoutHeader,
        env: c.env,
        keyOverrides: keys,
      })
    )
    return pageResponse(c, body, deps.gzip, deps.bytes)
  }
}
