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

const namesOf = new WeakMap<object, readonly string[]>()

/**
 * The field names of a record such as an InfoRecord (none for null or garbage), listed once per
 * record and remembered: one INFO record (~600 fields) is read by several parsers per scrape, so
 * records must not change after they are first read (parseInfo's never do).
 */
export function fieldNames(x: unknown): readonly string[] {
  if (!isPlainObject(x)) return []
  let names = namesOf.get(x)
  if (!names) namesOf.set(x, (names = Object.keys(x)))
  return names
}

/**
 * Calls `visit` with each string-valued field of a record such as an InfoRecord, in the record's
 * order; tolerates null and garbage (no call). Walks the names (fieldNames) and reads each value
 * in place: no [name, value] pair per field (a list of them was ~15 KB of garbage per INFO
 * record, bench/NOTES.md "Issue 14: what a push allocates"); Object.entries of a ~400-field
 * record costs several times more.
 */
export function eachStringField(x: unknown, visit: (name: string, value: string) => void): void {
  const record = x as Readonly<Record<string, unknown>>
  for (const name of fieldNames(x)) {
    const value = record[name]
    if (typeof value === 'string') visit(name, value)
  }
}

/**
 * The string fields whose names start with `prefix` and go on past it (`cmdstat_get`,
 * `errorstat_ERR`), as [name, value] in the record's order; tolerates null and garbage. Only the
 * matching fields are listed.
 */
export function prefixedFields(x: unknown, prefix: string): [string, string][] {
  const out: [string, string][] = []
  const record = x as Readonly<Record<string, unknown>>
  const first = prefix.charCodeAt(0)
  for (const name of fieldNames(x)) {
    if (name.charCodeAt(0) !== first || name.length <= prefix.length) continue
    if (!name.startsWith(prefix)) continue
    const value = record[name]
    if (typeof value === 'string') out.push([name, value])
  }
  return out
}

/**
 * The string fields named `prefix` then decimal digits (`slave0`, `db12`) as [number, value],
 * sorted by number (fields of one number keep their order); tolerates null and garbage. Only the
 * names are walked, and only those starting with `prefix` are read.
 */
export function numberedFields(x: unknown, prefix: string): [number, string][] {
  const out: [number, string][] = []
  const record = x as Readonly<Record<string, unknown>>
  const first = prefix.charCodeAt(0)
  for (const name of fieldNames(x)) {
    if (name.charCodeAt(0) !== first || name.length <= prefix.length) continue
    if (!name.startsWith(prefix) || !digitsFrom(name, prefix.length)) continue
    const value = record[name]
    if (typeof value === 'string') out.push([Number(name.slice(prefix.length)), value])
  }
  // Most records have none or one (`db0`): no sort, which allocates even for those.
  return out.length < 2 ? out : out.sort((a, b) => a[0] - b[0])
}

/** Whether `text` from `start` to its end is ASCII digits only. */
function digitsFrom(text: string, start: number): boolean {
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}
