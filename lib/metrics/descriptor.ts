import type { MetricType } from '../types'

/** The types a catalog family can have (`untyped` is never emitted). */
export type FamilyType = Exclude<MetricType, 'untyped'>

/**
 * A metric family as the catalog declares it, without the namespace. Builders emit through these
 * and never restate a name, type, help text or label list.
 */
export interface Descriptor<
  T extends FamilyType = FamilyType,
  L extends string = string,
  O extends string = string,
> {
  /** Exported name without the namespace (the catalog key), e.g. `db_keys`. */
  readonly name: string
  readonly type: T
  /** Labels on every sample, in output order; `quantile` and `le` are added by the emit methods. */
  readonly labels: readonly L[]
  /** Labels only some servers give (set when the server has them), after `labels` in output order. */
  readonly optional: readonly O[]
  /** The HELP text, one line. */
  readonly help: string
  /** Where the value comes from, e.g. `INFO keyspace`, `LATENCY LATEST`, `exporter`. */
  readonly source: string
}

/** A descriptor before `named` gives it its catalog key as name. */
export type DescriptorSpec<
  T extends FamilyType = FamilyType,
  L extends string = string,
  O extends string = string,
> = Omit<Descriptor<T, L, O>, 'name'>

/**
 * The labels of a sample of `D`: its required labels as keys, its optional ones optional (none
 * at all for a family without labels). A missing, extra or misspelt label is a compile error.
 */
export type LabelsOf<D extends Pick<Descriptor, 'labels' | 'optional'>> = [
  D['labels'][number] | D['optional'][number],
] extends [never]
  ? Readonly<Record<string, never>>
  : { readonly [K in D['labels'][number]]: string } & {
      readonly [K in D['optional'][number]]?: string
    }

interface SpecOptions<O extends readonly string[]> {
  /** Labels only some servers give, after the others in output order. */
  readonly optional?: O
}

function spec<T extends FamilyType, L extends readonly string[], O extends readonly string[]>(
  type: T,
  labels: L,
  help: string,
  source: string,
  optional: O
): DescriptorSpec<T, L[number], O[number]> {
  return { type, labels, optional, help, source }
}

/** An empty list of label names, shared. */
export const NO_LABEL_NAMES: readonly never[] = Object.freeze([])

const NONE = [] as const

export function gauge<
  const L extends readonly string[],
  const O extends readonly string[] = readonly [],
>(
  labels: L,
  help: string,
  source: string,
  opts?: SpecOptions<O>
): DescriptorSpec<'gauge', L[number], O[number]> {
  return spec('gauge', labels, help, source, opts?.optional ?? NONE)
}

/** The row constructor of a family type without optional labels. */
function withoutOptional<T extends FamilyType>(type: T) {
  return <const L extends readonly string[]>(
    labels: L,
    help: string,
    source: string
  ): DescriptorSpec<T, L[number], never> => spec(type, labels, help, source, NONE)
}

export const counter = withoutOptional('counter')

/** A summary: its samples are `quantile`s (the label added), `_sum` and `_count`. */
export const summary = withoutOptional('summary')

/** A histogram: its samples are `_bucket`s (with `le` added), `_sum` and `_count`. */
export const histogram = withoutOptional('histogram')

/** The table's descriptors, each frozen with its key as name. */
export type Named<T extends Readonly<Record<string, DescriptorSpec>>> = {
  readonly [K in keyof T]: T[K] & { readonly name: K & string }
}

/** Gives every descriptor of a table its key as name, once at load, and freezes it. */
export function named<const T extends Readonly<Record<string, DescriptorSpec>>>(
  table: T
): Named<T> {
  const out: Record<string, Descriptor> = {}
  for (const [name, d] of Object.entries(table)) {
    out[name] = Object.freeze({
      name,
      type: d.type,
      labels: Object.freeze([...d.labels]),
      optional: Object.freeze([...d.optional]),
      help: d.help,
      source: d.source,
    })
  }
  return out as Named<T>
}

/** Whether two descriptors declare the same family: name, type, help and labels in order. */
export function sameFamily(a: Descriptor, b: Descriptor): boolean {
  return (
    a.name === b.name &&
    a.type === b.type &&
    a.help === b.help &&
    sameList(a.labels, b.labels) &&
    sameList(a.optional, b.optional)
  )
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/** Throws when `desc` declares the family `registered` declares differently (a programming error). */
export function assertSameFamily(registered: Descriptor, desc: Descriptor): void {
  if (sameFamily(registered, desc)) return
  throw new Error(
    `metric family ${desc.name} registered twice with different descriptors (${registered.type} [${registered.labels.join(',')}] then ${desc.type} [${desc.labels.join(',')}]): declare it once in the catalog`
  )
}
