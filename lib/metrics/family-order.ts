/**
 * The order of a page's families: by name (the names without namespace, which every family of a
 * page shares, so they sort alike; the default sort compares strings without calling back). A
 * page nearly always has the families of the last one, so their order is kept and checked with
 * one lookup per family instead of sorted again (the sort of ~190 names with V8's default
 * comparator was 108 ms of 6,500 scrapes in a profile; bench/NOTES.md, "Issue 14: instructions
 * per scrape").
 */

/** The names of the last page or list, sorted: catalog constants, a few hundred at most. */
const last: { names: readonly string[] } = { names: [] }

/** The values of `entries` (keyed by family name) in the order of their names. */
export function sortedByName<E>(entries: ReadonlyMap<string, E>): E[] {
  const names = last.names
  // The same size and every name of the last page here: the same names.
  if (names.length === entries.size) {
    const out: E[] = []
    for (const name of names) {
      const e = entries.get(name)
      if (e === undefined) break
      out.push(e)
    }
    if (out.length === names.length) return out
  }
  const sorted = [...entries.keys()].sort()
  last.names = sorted
  return sorted.map((name) => entries.get(name)!)
}
