/**
 * Number parsing with Go `strconv` semantics, as redis_exporter uses them.
 * Every function takes anything and returns `undefined` for what does not parse; none throws.
 */

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const SPECIAL = /^[+-]?(?:inf|infinity|nan)$/i
const INTEGER = /^[+-]?\d+$/

/**
 * A whole-string float like Go `strconv.ParseFloat(s, 64)` (after trimming whitespace):
 * decimal and exponent forms, `inf`/`+inf`/`-inf`/`infinity`/`nan` in any case.
 * Rejects '', '12abc', '1.2.3', '50%' and, like Go's ErrRange, finite text that overflows (`1e400`).
 * Hex floats (`0x1p-2`) and `_` digit separators are not accepted.
 */
export function parseNumber(raw: unknown): number | undefined {
  if (typeof raw !== 'string') return undefined
  const plain = plainDecimal(raw)
  if (plain !== undefined) return plain
  const s = raw.trim()
  if (DECIMAL.test(s)) {
    const n = Number(s)
    return Number.isFinite(n) ? n : undefined
  }
  if (SPECIAL.test(s)) {
    const lower = s.toLowerCase()
    if (lower.endsWith('nan')) return NaN
    return lower.startsWith('-') ? -Infinity : Infinity
  }
  return undefined
}

/**
 * Most INFO values are digits with at most one dot (`1234`, `0.25`): read without trimming or a
 * regex. A short run of digits is summed (exact below 2^53, as `Number` gives it); with a dot, the
 * text is what DECIMAL accepts, so `Number` reads it the same. Undefined for anything else.
 */
function plainDecimal(s: string): number | undefined {
  const length = s.length
  if (length === 0) return undefined
  let n = 0
  let dot = -1
  for (let i = 0; i < length; i++) {
    const c = s.charCodeAt(i)
    if (c === 46 && dot < 0) dot = i
    else if (c < 48 || c > 57) return undefined
    else n = n * 10 + (c - 48)
  }
  if (dot < 0) return length <= 15 ? n : undefined
  if (length === 1) return undefined // '.'
  const value = Number(s)
  return Number.isFinite(value) ? value : undefined
}

/**
 * An INFO value as redis_exporter reads it: `ok`/`true` -> 1, `err`/`fail`/`false` -> 0
 * (case-insensitive here; Go compares exactly), anything else through {@link parseNumber}.
 */
export function parseValue(raw: unknown): number | undefined {
  if (typeof raw !== 'string') return undefined
  // Most values are plain digits: no trimmed or lower-cased copy for them.
  const plain = plainDecimal(raw)
  if (plain !== undefined) return plain
  const s = raw.trim()
  switch (s.toLowerCase()) {
    case 'ok':
    case 'true':
      return 1
    case 'err':
    case 'fail':
    case 'false':
      return 0
    default:
      return parseNumber(s)
  }
}

/** A whole-string base-10 integer like Go `strconv.Atoi` (after trimming): `-1` yes, `1.0`/`1e3` no. */
export function parseIntStrict(raw: unknown): number | undefined {
  if (typeof raw !== 'string') return undefined
  const s = raw.trim()
  return INTEGER.test(s) ? Number(s) : undefined
}

/** {@link parseNumber} limited to finite values (counts, offsets, durations). */
export function parseFinite(raw: unknown): number | undefined {
  const n = parseNumber(raw)
  return n !== undefined && Number.isFinite(n) ? n : undefined
}

/**
 * {@link parseFinite} of `text.slice(from, to)`: digit runs (most counts) are summed in place,
 * without the slice, as parseNumber's fast path does.
 */
export function parseFiniteIn(text: string, from: number, to: number): number | undefined {
  if (to > from && to - from <= 15) {
    let n = 0
    let i = from
    for (; i < to; i++) {
      const c = text.charCodeAt(i)
      if (c < 48 || c > 57) break
      n = n * 10 + (c - 48)
    }
    if (i === to) return n
  }
  return parseFinite(text.slice(from, to))
}
