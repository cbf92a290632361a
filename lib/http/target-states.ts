import type { TargetState } from '../collect/target-state'
import { newTargetState } from '../collect/target-state'
import { BoundedMap } from '../primitives/bounded-map'
import type { Target } from '../target'

/** The most targets whose state (facts, CONFIG cache, counters) is remembered. */
export const MAX_REMEMBERED_TARGETS = 1000

/**
 * The per-target state store of one app: what each target's scrapes remember between requests,
 * at most `max` targets, the least recently scraped forgotten first (it starts over if it comes
 * back). Returns the state of a target, made on first use.
 */
export function targetStates(max = MAX_REMEMBERED_TARGETS): (target: Target) => TargetState {
  const states = new BoundedMap<string, TargetState>(max)
  return (target) => states.getOrSet(target.uri, newTargetState)
}
