import { BoundedMap } from '../primitives/bounded-map'

/**
 * What a warm process remembers between pushes: an entry per key (a target's or a seed's id), at
 * most `max` of them, the least recently pushed forgotten first; and, beside it, the history of
 * what went wrong across pushes (a failure log, a discovery report). Keep one at module scope.
 */
export interface WarmState<E, H> {
  readonly entries: BoundedMap<string, E>
  readonly history: H
}

export function newWarmState<E, H>(max: number, history: H): WarmState<E, H> {
  return { entries: new BoundedMap(max), history }
}
