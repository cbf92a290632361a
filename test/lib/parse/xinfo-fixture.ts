import { fixtureJson } from './fixture'

/** Captured replies of xinfo-redis-7.0.json, by command, RESP3 maps as JS Maps. */
export type XinfoCapture = Readonly<Record<string, unknown>>

function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive)
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>
    if (Array.isArray(obj['map'])) {
      return new Map((obj['map'] as [unknown, unknown][]).map(([k, v]) => [k, revive(v)]))
    }
    if (!('error' in obj))
      return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, revive(v)]))
  }
  return value
}

/** The capture in RESP2 (flat arrays) and RESP3 (Maps), by protocol. */
export function xinfoCaptures(): [string, XinfoCapture][] {
  const all = fixtureJson('xinfo-redis-7.0.json') as Record<string, Record<string, unknown>>
  return [
    ['RESP2', all['resp2']!],
    ['RESP3', revive(all['resp3']) as XinfoCapture],
  ]
}
