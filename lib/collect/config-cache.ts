import { parseConfigGet } from '../parse/config-get'
import type { Reply } from '../types'
import type { ServerFacts, StepKey } from './plan'
import type { TargetState } from './target-state'

/** CONFIG GET values are asked once per connection and REDIS_EXPORTER_CONFIG_REFRESH_INTERVAL. */

/** Caches the CONFIG values this scrape fetched, or forgets them when CONFIG failed here. */
export function storeConfig(
  state: TargetState,
  facts: ServerFacts | undefined,
  scrape: {
    readonly replies: ReadonlyMap<StepKey, readonly Reply[]>
    readonly connectionId?: number | undefined
    readonly nowMs: number
  }
): void {
  const configReplies = scrape.replies.get('config')
  if (configReplies && (!configReplies.every((r) => r.ok) || state.unavailable.has('config'))) {
    // Refused, empty or failed on this connection: stale values from another connection must not linger.
    state.config = undefined
  } else if (configReplies && facts) {
    const values: Record<string, string> = {}
    for (const r of configReplies) Object.assign(values, parseConfigGet(r.ok ? r.value : undefined))
    state.config = {
      values,
      connectionId: scrape.connectionId,
      runId: facts.runId,
      fetchedAtMs: scrape.nowMs,
    }
  }
}

/** Whether the cached CONFIG values may be used instead of asking again. */
export function configIsFresh(
  state: TargetState,
  connectionId: number | undefined,
  nowMs: number,
  refreshSeconds: number
): boolean {
  const c = state.config
  if (!c) return false
  if (c.connectionId !== connectionId) return false
  if (state.facts && c.runId !== state.facts.runId) return false
  return nowMs - c.fetchedAtMs < refreshSeconds * 1000
}
