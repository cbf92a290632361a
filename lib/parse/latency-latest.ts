import { asArray, asNumber, asString } from './reply'

export interface LatencyEvent {
  /** e.g. `command`, `fast-command`, `fork`. */
  event: string
  /** Unix time (s) of the latest spike. */
  timestamp: number
  /** Latest spike, ms converted to seconds. */
  latestSeconds: number
  /** All-time max spike, ms converted to seconds. */
  maxSeconds: number
}

/**
 * `LATENCY LATEST`: an array of `[event, unix-ts, latest-ms, max-ms]` rows (numbers as integers
 * or strings). Extra trailing elements (newer servers) are ignored; rows that do not parse are
 * skipped. Never throws; a non-array reply gives [].
 */
export function parseLatencyLatest(reply: unknown): LatencyEvent[] {
  const out: LatencyEvent[] = []
  for (const row of asArray(reply) ?? []) {
    const r = asArray(row)
    if (r === undefined) continue
    const event = asString(r[0])
    const timestamp = asNumber(r[1])
    const latest = asNumber(r[2])
    const max = asNumber(r[3])
    if (event === undefined || event === '') continue
    if (timestamp === undefined || latest === undefined || max === undefined) continue
    out.push({ event, timestamp, latestSeconds: latest / 1000, maxSeconds: max / 1000 })
  }
  return out
}
