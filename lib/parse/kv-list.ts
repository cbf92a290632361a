/**
 * `k=v,k=v` lists as INFO prints them (keyspace, commandstats, slaveN, latencystats ...).
 * Each item splits at its FIRST `=`, so values may contain `=` and `ip=::1` works. Keys are
 * trimmed; empty items, items without `=` and items with an empty key are skipped. Never throws.
 */

/** The pairs in the order written (duplicates kept). */
export function parseKvPairs(value: string): [string, string][] {
  const out: [string, string][] = []
  eachKvPair(value, (k, v) => out.push([k, v]))
  return out
}

/** Calls `visit` with each pair `parseKvPairs` gives, in order, without the array of pairs. */
export function eachKvPair(value: string, visit: (key: string, value: string) => void): void {
  eachKvSpan(value, (text, keyFrom, keyTo, valueFrom, valueTo) => {
    const key = trimmed(text, keyFrom, keyTo)
    if (key !== '') visit(key, trimmed(text, valueFrom, valueTo))
  })
}

/** Receives where one item's key and value are in `text`, untrimmed (`keyIs`, `parseFiniteIn`). */
export type KvSpanVisitor = (
  text: string,
  keyFrom: number,
  keyTo: number,
  valueFrom: number,
  valueTo: number
) => void

/**
 * The items `eachKvPair` reads, as bounds in `value` (empty keys included): nothing sliced, for
 * the readers that look for a few keys and numbers (commandstats, latencystats).
 */
export function eachKvSpan(value: string, visit: KvSpanVisitor): void {
  if (typeof value !== 'string') return
  // One scan (no array of items). The next `=` at or after `start` is found once, so a long run
  // of items without one stays linear.
  const length = value.length
  let start = 0
  let eq = value.indexOf('=')
  while (eq >= 0 && start <= length) {
    let end = value.indexOf(',', start)
    if (end < 0) end = length
    if (eq < start) eq = value.indexOf('=', start)
    if (eq >= 0 && eq < end) visit(value, start, eq, eq + 1, end)
    start = end + 1
  }
}

/** Whether `text.slice(from, to).trim()` is `name` (a name without spaces), without a copy when it is plain. */
export function keyIs(text: string, from: number, to: number, name: string): boolean {
  if (to - from === name.length && text.startsWith(name, from)) return true
  if (to <= from || !(isSpace(text.charCodeAt(from)) || isSpace(text.charCodeAt(to - 1)))) {
    return false
  }
  return text.slice(from, to).trim() === name
}

/** `value.slice(from, to).trim()`, without the second string when nothing needs trimming. */
export function trimmed(value: string, from: number, to: number): string {
  const text = value.slice(from, to)
  return to > from && (isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1)))
    ? text.trim()
    : text
}

/** What `trim` may remove: ASCII blanks and controls, and the Unicode spaces (all above 0x9f). */
export function isSpace(c: number): boolean {
  return c <= 32 || c >= 0xa0
}

/** The list by key name (last one wins); the record has no prototype. */
export function parseKvList(value: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null)
  for (const [k, v] of parseKvPairs(value)) out[k] = v
  return out
}
