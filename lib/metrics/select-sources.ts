import { catalogFamilies } from './catalog/catalog'
import type { Descriptor } from './descriptor'

type Select = (desc: Descriptor) => boolean

/** The catalog, listed once (on the first selection asked about). */
let all: readonly Descriptor[] | undefined

/** Per selection: whether a source prefix has a selected family, worked out once per prefix. */
const bySelect = new WeakMap<Select, Map<string, boolean>>()

/**
 * Whether a builder reading `sources` (catalog `source` prefixes, e.g. `INFO commandstats`) has
 * any family to build: true without a selection (every family is built). Lets buildFamilies skip
 * the parsing behind families a push's plan does not read.
 */
export function selectsSource(select: Select | undefined, ...sources: string[]): boolean {
  if (!select) return true
  let known = bySelect.get(select)
  if (!known) bySelect.set(select, (known = new Map()))
  return sources.some((source) => {
    let yes = known.get(source)
    if (yes === undefined) {
      all ??= catalogFamilies()
      yes = all.some((d) => d.source.startsWith(source) && select(d))
      known.set(source, yes)
    }
    return yes
  })
}
