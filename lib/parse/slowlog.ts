import { asArray, asNumber } from './reply'

export interface SlowlogLast {
  lastId: number
  /** Duration of the newest entry, µs converted to seconds. */
  lastDurationSeconds: number
}

/** `SLOWLOG LEN`: an integer reply (or its text). Never throws. */
export function parseSlowlogLen(reply: unknown): number | undefined {
  return asNumber(reply)
}

/**
 * `SLOWLOG GET 1`: `[[id, unix-ts, duration-µs, args[], client, name]]`. An empty slowlog gives
 * `{ lastId: 0, lastDurationSeconds: 0 }` (redis_exporter emits 0 then); a reply that is not an
 * array or whose first entry lacks a numeric id and duration gives undefined. Never throws.
 */
export function parseSlowlogGet(reply: unknown): SlowlogLast | undefined {
  const entries = asArray(reply)
  if (entries === undefined) return undefined
  if (entries.length === 0) return { lastId: 0, lastDurationSeconds: 0 }
  const entry = asArray(entries[0])
  if (entry === undefined) return undefined
  const id = asNumber(entry[0])
  const usec = asNumber(entry[2])
  if (id === undefined || usec === undefined) return undefined
  return { lastId: id, lastDurationSeconds: usec / 1e6 }
}
