import { LABELLED_METRICS } from './catalog-labelled'

const HELP = new Map<string, string>(LABELLED_METRICS.map((row) => [row.name, row.help]))

/** The catalog's help text for a labelled or rule-based family (name without namespace). */
export function helpFor(name: string): string {
  return HELP.get(name) ?? `${name} metric`
}
