import { clip } from '../bounds'
import { BoundedMap } from '../primitives/bounded-map'
import type { Discovery } from './discover'
import { MAX_DISCOVERED_NODES } from './node'
import { SCOPE_SETTING } from './scope'

type LogFn = (entry: Readonly<Record<string, unknown>>) => void

/** Counts of announced nodes left out, summed over every discovery since start. */
export interface DiscoveryCounts {
  /** Outside the discovery scope (never listed, scraped or given credentials). */
  readonly outOfScope: number
  /** Past MAX_DISCOVERED_NODES in one reply. */
  readonly truncated: number
}

/** The most seed+node pairs remembered as logged; the oldest is forgotten first. */
const MAX_REMEMBERED = 1000
/** The most new per-node lines one discovery writes; the rest are summed up in one line. */
const MAX_LINES_PER_DISCOVERY = 10

/**
 * Counts and logs what discoveries left out: each out-of-scope node once per seed (memory bounded
 * by MAX_REMEMBERED, at most MAX_LINES_PER_DISCOVERY new lines per discovery) with the reason and
 * the setting to change, and a cut reply once per seed. Owned by one app or push state.
 */
export class ScopeReport {
  #outOfScope = 0
  #truncated = 0
  readonly #logged = new BoundedMap<string, true>(MAX_REMEMBERED)

  counts(): DiscoveryCounts {
    return { outOfScope: this.#outOfScope, truncated: this.#truncated }
  }

  /** Takes in one discovery's leftovers. */
  record(discovery: Discovery, log: LogFn | undefined): void {
    this.#outOfScope += discovery.outOfScope.length
    this.#truncated += discovery.truncated
    if (!log) return
    const seed = discovery.seed
    let written = 0
    let unwritten = 0
    for (const node of discovery.outOfScope) {
      const key = `${seed.id} ${node.id}`
      if (this.#logged.has(key)) continue
      if (written >= MAX_LINES_PER_DISCOVERY) {
        unwritten += 1
        continue
      }
      this.#logged.set(key, true)
      written += 1
      log({
        level: 'warn',
        msg: 'discovered node left out: outside the discovery scope (not listed, not scraped, sent no credentials)',
        seed: seed.uri,
        node: clip(node.id),
        reason: clip(node.reason),
        ...(node.fixable ? { setting: SCOPE_SETTING } : {}),
      })
    }
    if (unwritten > 0) {
      log({
        level: 'warn',
        msg: `${unwritten} more discovered nodes left out: outside the discovery scope`,
        seed: seed.uri,
        setting: SCOPE_SETTING,
      })
    }
    const cut = `${seed.id} truncated`
    if (discovery.truncated > 0 && !this.#logged.has(cut)) {
      this.#logged.set(cut, true)
      log({
        level: 'warn',
        msg: `discovery cut at ${MAX_DISCOVERED_NODES} nodes; the rest of the reply was not read`,
        seed: seed.uri,
        truncated_nodes: discovery.truncated,
      })
    }
  }
}
