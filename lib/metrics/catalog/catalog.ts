import type { Descriptor } from '../descriptor'
import { FAMILIES } from './families'
import { INFO_FIELDS, OPT_INS_WITHOUT_SETTING } from './info-map'

/**
 * Every family of the catalog: the INFO map rows (opt-in ones included) and the other families,
 * sorted by name. Prefix-rule families (`cluster_*`, `db*`) are named by the server; see rules.ts.
 */
export function catalogFamilies(): Descriptor[] {
  return byName([...INFO_FIELDS.values(), ...Object.values(FAMILIES)])
}

/**
 * The families this exporter can emit today: the catalog without the INFO rows whose opt-in has
 * no setting yet (Tile38, modules).
 */
export function emittableFamilies(): Descriptor[] {
  const rows = [...INFO_FIELDS.values()].filter(
    (r) => r.optIn === undefined || !OPT_INS_WITHOUT_SETTING.includes(r.optIn)
  )
  return byName([...rows, ...Object.values(FAMILIES)])
}

function byName(all: Descriptor[]): Descriptor[] {
  return all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

const NAMES: ReadonlySet<string> = new Set([
  ...[...INFO_FIELDS.values()].map((d) => d.name),
  ...Object.keys(FAMILIES),
])

/**
 * Whether the catalog declares `name` (without namespace). A name built from a server's field
 * (a prefix rule) that is a catalog name is left out: it must not join, or clash with, the
 * catalog's family of that name.
 */
export function isCatalogName(name: string): boolean {
  return NAMES.has(name)
}
