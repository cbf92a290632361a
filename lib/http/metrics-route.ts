import type { Context } from 'hono'
import type { Config } from '../config'
import { FAMILIES } from '../metrics/catalog/families'
import type { Descriptor } from '../metrics/descriptor'
import { renderPrometheus } from '../render/prometheus'
import type { DiscoveryCounts } from '../topology/scope-report'
import type { Topology } from '../topology/topology'
import type { MetricFamily } from '../types'
import type { PageBytes, PageGzip } from './compression'
import { pageResponse } from './compression'
import type { PageRequest } from './scrape-page'

/** Counts of the app's own requests. */
export interface RequestCounts {
  /** /scrape requests rejected as malformed or not allowed. */
  rejected: number
}

export interface MetricsRouteDeps {
  readonly config: Config
  readonly topology: Pick<Topology, 'counts'>
  readonly requests: RequestCounts
  readonly page: (req: PageRequest) => Promise<string>
  /** Runs the page's work, shared by concurrent requests where the runtime allows. */
  readonly shared: (key: string, work: () => Promise<string>) => Promise<string>
  /** Text appended to the main metrics page only (Node process metrics). */
  readonly processMetrics?: (() => Promise<string>) | undefined
  /** The runtime's gzip for the page, when it has one (lib/http/compression). */
  readonly gzip?: PageGzip | undefined
  /** The runtime's bytes of a plain page, when it has them (lib/http/compression). */
  readonly bytes?: PageBytes | undefined
}

/**
 * `GET <telemetry path>`: REDIS_ADDR's page with the exporter's self-metrics, plus the process
 * metrics. Proxy-only mode (REDIS_ADDR=""): the exporter's own metrics only.
 */
export function metricsRoute(deps: MetricsRouteDeps) {
  const { config, topology, requests } = deps
  const mainPage = async (timeoutHeader: string | undefined, env: unknown): Promise<string> => {
    let body = config.target
      ? await deps.page({
          target: config.target,
          timeoutHeader,
          env,
          self: { targetScrapeRequestErrors: requests.rejected, discovery: topology.counts() },
        })
      : renderPrometheus(proxyOnlyFamilies(config.namespace, topology.counts(), requests.rejected))
    if (deps.processMetrics && !config.redisOnlyMetrics) body += `\n${await deps.processMetrics()}`
    return body
  }
  return async (c: Context): Promise<Response> => {
    const timeout = c.req.header('x-prometheus-scrape-timeout-seconds')
    const body = await deps.shared('main', () => mainPage(timeout, c.env))
    return pageResponse(c, body, deps.gzip, deps.bytes)
  }
}

/** The proxy-only page: discovery counts and rejected /scrape requests, as the catalog describes them. */
function proxyOnlyFamilies(
  namespace: string,
  counts: DiscoveryCounts,
  rejected: number
): MetricFamily[] {
  const values: [string, number][] = [
    ['exporter_discovery_out_of_scope_nodes_total', counts.outOfScope],
    ['exporter_discovery_truncated_nodes_total', counts.truncated],
    ['target_scrape_request_errors_total', rejected],
  ]
  return values.map(([name, value]) => {
    const row: Descriptor | undefined = FAMILIES[name as keyof typeof FAMILIES]
    return {
      name: namespace === '' ? name : `${namespace}_${name}`,
      help: row?.help ?? name,
      type: row?.type ?? 'untyped',
      samples: [{ labels: {}, value }],
    }
  })
}
