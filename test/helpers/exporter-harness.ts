import { newTargetState } from '../../lib/collect/target-state'
import type { TargetState } from '../../lib/collect/target-state'
import type { Config, EnvRecord, SettingFiles } from '../../lib/config'
import { configSecrets, parseConfig } from '../../lib/config'
import { renderPrometheus } from '../../lib/render/prometheus'
import type { ScrapeResult } from '../../lib/scrape'
import { scrapeTarget } from '../../lib/scrape'
import type { Target } from '../../lib/target'
import { createTopology } from '../../lib/topology/topology'
import type { Topology } from '../../lib/topology/topology'
import { IoredisTransport, ioredisOptions } from '../../lib/transport/ioredis'
import { TransportPool } from '../../lib/transport/pool'
import type { ParsedFamily } from './prom-text'
import { parsePromText } from './prom-text'
import { newClient } from './redis-client'

export type HarnessScrape = {
  snapshot: ScrapeResult['snapshot']
  durationSeconds: number
  text: string
  families: Map<string, ParsedFamily>
  /** Wall-clock milliseconds the scrape took. */
  ms: number
}

export type Harness = {
  config: Config
  /** Every log entry the collector and topology wrote, in order. */
  logs: Record<string, unknown>[]
  topology: Topology
  pool: TransportPool<IoredisTransport>
  /** One scrape of `target` (default REDIS_ADDR) as the app does it, with the collector's log. */
  scrape(target?: Target, timeoutSeconds?: number): Promise<HarnessScrape>
  close(): Promise<void>
}

/**
 * The exporter core wired as functions/node.ts wires it (real ioredis clients, one warm transport
 * and one TargetState per target), plus the collector's log, which the app will pass through.
 */
export function exporterHarness(env: EnvRecord, files: SettingFiles = {}): Harness {
  const config = parseConfig(env, files)
  const secrets = configSecrets(config)
  const pool = new TransportPool(
    (t: Target) =>
      new IoredisTransport(() => newClient(ioredisOptions(t, config)), [...secrets, t.password], {
        connectTimeoutMs: config.connectTimeoutSeconds * 1000,
      })
  )
  const logs: Record<string, unknown>[] = []
  const log = (entry: Readonly<Record<string, unknown>>) => logs.push({ ...entry })
  const states = new Map<string, TargetState>()
  const topology = createTopology({ config, getTransport: (t) => pool.get(t), log })
  return {
    config,
    logs,
    topology,
    pool,
    async scrape(target = config.target, timeoutSeconds = config.scrapeTimeoutSeconds) {
      if (!target) throw new Error('no target')
      let state = states.get(target.uri)
      if (!state) states.set(target.uri, (state = newTargetState()))
      const started = Date.now()
      const result = await scrapeTarget(pool.get(target), state, {
        config,
        timeoutSeconds,
        now: Date.now,
        target,
        log,
      })
      const ms = Date.now() - started
      const text = renderPrometheus(result.families)
      return {
        snapshot: result.snapshot,
        durationSeconds: result.durationSeconds,
        text,
        families: parsePromText(text),
        ms,
      }
    },
    close: () => pool.closeAll(),
  }
}
