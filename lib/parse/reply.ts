/**
 * Helpers for reading Redis replies whatever shape the client gave them: string, number, bigint,
 * Uint8Array (Buffer is one), array, Map or plain object. None of them throws.
 */
import { parseFinite } from './number'

const decoder = new TextDecoder()

/** A reply as text: strings as-is, bytes decoded as UTF-8, finite numbers and bigints printed. */
export function asString(x: unknown): string | undefined {
  if (typeof x === 'string') return x
  if (x instanceof Uint8Array) {
    try {
      return decoder.decode(x)
    } catch {
      return undefined // e.g. a SharedArrayBuffer view, which some runtimes refuse to decode
    }
  }
  if (typeof x === 'number') return Number.isFinite(x) ? String(x) : undefined
  if (typeof x === 'bigint') return String(x)
  return undefined
}

/** A reply as a finite number: numbers as-is, bigints converted, text (or bytes) via parseFinite. */
export function asNumber(x: unknown): number | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? x : undefined
  if (typeof x === 'bigint') return Number(x)
  return parseFinite(asString(x))
}

/** An array reply, or undefined. */
export function asArray(x: unknown): readonly unknown[] | undefined {
  return Array.isArray(x) ? x : undefined
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object') return false
  const proto: unknown = Object.getPrototypeOf(x)
  return proto === Object.prototype || proto === null
}

/**
 * Key/value pairs of a map-like reply: a flat RESP2 array `[k1, v1, k2, v2]` (a dangling last key
 * is dropped), a RESP3 map as a JS `Map`, or a plain object. Anything else gives `[]`.
 */
export function asPairs(x: unknown): [unknown, unknown][] {
  if (Array.isArray(x)) {
    const pairs: [unknown, unknown][] = []
    for (let i = 0; i + 1 < x.length; i += 2) pairs.push([x[i], x[i + 1]])
    return pairs
  }
  if (x instanceof Map) return [...x.entries()]
  if (isPlainObject(x)) return Object.entries(x)
  return []
}

/** The pairs of a map-like reply whose key is text and whose value `convert` accepts, by key. */
export function pairRecord<T>(
  x: unknown,
  convert: (value: unknown) => T | undefined
): Record<string, T> {
  const out: Record<string, T> = Object.create(null)
  for (const [k, v] of asPairs(x)) {
    const key = asString(k)
    const value = convert(v)
    if (key !== undefined && value !== undefined) out[key] = value
  }
  return out
}

const entriesOf = new WeakMap<object, readonly [string, string][]>()

/**
 * String-valued entries of a record such as an InfoRecord; tolerates null and garbage. One INFO
 * record (~600 fields) is read by five parsers per scrape, so its entries are listed once and
 * remembered: records must not change after they are first read (parseInfo's never do).
 */
export function stringEntries(x: unknown): readonly [string, string][] {
  if (!isPlainObject(x)) return []
  const cached = entriesOf.get(x)
  if (cached) return cached
  const out: [string, string][] = []
  // for-in lists the keys in Object.entries's order at half its garbage and a third of its time
  // (an INFO record is a dictionary); only a record with a prototype needs the own-key check.
  const inherits = Object.getPrototypeOf(x) !== null
  for (const k in x) {
    if (inherits && !Object.hasOwn(x, k)) continue
    const v = x[k]
    if (typeof v === 'string') out.push([k, v])
  }
  entriesOf.set(x, out)
  return out
}
