import { headerBytes } from '../render/page-size'
import { escapeText, familyHeader } from '../render/prometheus'
import type { Sample } from '../types'
import type { Descriptor } from './descriptor'

/** What a page writes of a family under one namespace, made once per descriptor and namespace. */
export interface FamilyNames {
  /** The namespace with its `_` ('' without namespace). */
  readonly prefix: string
  /** The name with the namespace (what a page is sorted by). */
  readonly name: string
  /** The name as the text format writes it, and the family's `# HELP` and `# TYPE` lines. */
  readonly written: string
  readonly header: string
  /** The upper bound of the header's bytes with the blank line before it (page-size.ts). */
  readonly headerBytes: number
  /** How each sample line starts (`\n`, the written name, the suffix), per SUFFIXES, once asked for. */
  readonly starts: (string | undefined)[]
}

/** A sample's suffix: '', `_sum`, `_count` or `_bucket`. */
export type Suffix = NonNullable<Sample['suffix']>

/** How a line of the family with `suffix` starts: `\n`, the written name and the suffix. */
export function lineStart(names: FamilyNames, suffix: Suffix): string {
  // By index, not by the suffix as a key: one shape for every family's cache.
  const i = suffix === '' ? 0 : suffix === '_sum' ? 1 : suffix === '_count' ? 2 : 3
  return (names.starts[i] ??= `\n${names.written}${suffix}`)
}

/** The catalog's descriptors live as long as the process; a page's own (rule families) do not. */
const NAMES = new WeakMap<Descriptor, FamilyNames>()

/** The names of `desc` under `prefix`: the ones made last time when the prefix is the same. */
export function familyNames(desc: Descriptor, prefix: string): FamilyNames {
  const cached = NAMES.get(desc)
  if (cached !== undefined && cached.prefix === prefix) return cached
  const name = prefix + desc.name
  const written = escapeText(name)
  const names: FamilyNames = {
    prefix,
    name,
    written,
    header: familyHeader(written, desc.help, desc.type),
    headerBytes: headerBytes(name, desc.help, desc.type),
    starts: [undefined, undefined, undefined, undefined],
  }
  NAMES.set(desc, names)
  return names
}
