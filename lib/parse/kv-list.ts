/**
 * `k=v,k=v` lists as INFO prints them (keyspace, commandstats, slaveN, latencystats ...).
 * Each item splits at its FIRST `=`, so values may contain `=` and `ip=::1` works. Keys are
 * trimmed; empty items, items without `=` and items with an empty key are skipped. Never throws.
 */

/** The pairs in the order written (duplicates kept). */
export function parseKvPairs(value: string): [string, string][] {
  const out: [string, string][] = []
  if (typeof value !== 'string') return out
  for (const item of value.split(',')) {
    const eq = item.indexOf('=')
    if (eq < 0) continue
    const key = item.slice(0, eq).trim()
    if (key !== '') out.push([key, item.slice(eq + 1).trim()])
  }
  return out
}

/** The list by key name (last one wins); the record has no prototype. */
export function parseKvList(value: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null)
  for (const [k, v] of parseKvPairs(value)) out[k] = v
  return out
}
