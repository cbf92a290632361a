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
  if (typeof value !== 'string') return
  // One scan, slicing each key and value once (no array of items, no trim of clean text).
  const length = value.length
  let start = 0
  // The next `=` at or after `start`, found once (a long run of items without one stays linear).
  let eq = value.indexOf('=')
  while (eq >= 0 && start <= length) {
    let end = value.indexOf(',', start)
    if (end < 0) end = length
    if (eq < start) eq = value.indexOf('=', start)
    if (eq >= 0 && eq < end) {
      const key = trimmed(value, start, eq)
      if (key !== '') visit(key, trimmed(value, eq + 1, end))
    }
    start = end + 1
  }
}

/** `value.slice(from, to).trim()`, without the second string when nothing needs trimming. */
function trimmed(value: string, from: number, to: number): string {
  const text = value.slice(from, to)
  return to > from && (isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1)))
    ? text.trim()
    : text
}

/** What `trim` may remove: ASCII blanks and controls, and the Unicode spaces (all above 0x9f). */
function isSpace(c: number): boolean {
  return c <= 32 || c >= 0xa0
}

/** The list by key name (last one wins); the record has no prototype. */
export function parseKvList(value: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null)
  for (const [k, v] of parseKvPairs(value)) out[k] = v
  return out
}
