/**
 * One pure parser per kind of setting. Each gets the variable's name (for the error) and a
 * trimmed, non-empty value; an unusable value is a ConfigError naming the variable. The value is
 * echoed only for non-secret settings, clipped and with any URL password redacted.
 */
import { clip } from '../bounds'
import { ConfigError, redact } from '../errors'

/** Most characters of a bad value repeated in an error. */
const MAX_ECHO = 80

/** `"value"` for an error message: clipped, URL credentials redacted; '' for a secret. */
export function quoted(value: string, secret = false): string {
  return secret ? '' : `"${clip(redact(value), MAX_ECHO)}" `
}

const TRUE = new Set(['1', 't', 'true', 'yes', 'on'])
const FALSE = new Set(['0', 'f', 'false', 'no', 'off'])

/** Go's ParseBool spellings plus yes/no and on/off; anything else is an error, not a silent default. */
export function parseBool(name: string, raw: string, secret = false): boolean {
  const v = raw.trim().toLowerCase()
  if (TRUE.has(v)) return true
  if (FALSE.has(v)) return false
  throw new ConfigError(`${name}: ${quoted(raw, secret)}is not a boolean (expected true or false)`)
}

const UNITS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600 }

/** Go-style durations (`500ms`, `5s`, `1m30s`) or a bare number of seconds. Returns seconds. */
export function parseDuration(
  name: string,
  raw: string,
  bounds: { readonly min: number; readonly max: number }
): number {
  const text = raw.trim()
  let seconds: number | undefined
  if (/^\d+(\.\d+)?$/.test(text)) {
    seconds = Number(text)
  } else if (/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(text)) {
    seconds = 0
    for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
      seconds += Number(m[1]) * (UNITS[m[2]!] ?? 0)
    }
  }
  if (seconds === undefined || !Number.isFinite(seconds)) {
    throw new ConfigError(
      `${name}: ${quoted(raw)}is not a duration (expected e.g. 500ms, 5s or 1m)`
    )
  }
  if (seconds < bounds.min || seconds > bounds.max) {
    throw new ConfigError(
      `${name}: ${text} is out of range (expected between ${bounds.min}s and ${bounds.max}s)`
    )
  }
  return seconds
}

/** A whole number within bounds; `what` says what it counts ("a number of retries"). */
export function parseInteger(
  name: string,
  raw: string,
  bounds: { readonly min: number; readonly max: number; readonly what?: string }
): number {
  const text = raw.trim()
  const n = /^\d{1,9}$/.test(text) ? Number(text) : NaN
  if (!(n >= bounds.min && n <= bounds.max)) {
    throw new ConfigError(
      `${name}: ${quoted(raw)}is not ${bounds.what ?? 'a whole number'} (expected ${bounds.min} to ${bounds.max})`
    )
  }
  return n
}

/** Comma-separated items, trimmed, empty items dropped. Never throws. */
export function parseList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

/** One of `values`, compared case-insensitively; returns the value as the table spells it. */
export function parseEnum<V extends string>(
  name: string,
  raw: string,
  values: readonly V[],
  what = 'a valid value'
): V {
  const text = raw.trim().toLowerCase()
  const hit = values.find((v) => v.toLowerCase() === text)
  if (hit === undefined) {
    throw new ConfigError(`${name}: ${quoted(raw)}is not ${what} (expected ${values.join(', ')})`)
  }
  return hit
}
