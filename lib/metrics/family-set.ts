import { MAX_LABEL_VALUE, MAX_PAGE_BYTES, MAX_PAGE_SAMPLES, clip } from '../bounds'
import { headerBytes, labelBytes, sampleLineBytes } from '../render/page-size'
import type { Labels, MetricFamily, MetricType, Sample } from '../types'
import type { Descriptor, FamilyType, LabelsOf } from './descriptor'
import { sameFamily } from './descriptor'

/** The caps of one page: samples, and bytes once rendered. */
export interface PageLimits {
  readonly samples: number
  readonly bytes: number
}

export const PAGE_LIMITS: PageLimits = { samples: MAX_PAGE_SAMPLES, bytes: MAX_PAGE_BYTES }

/** Kept free within the limits for what `sampleUncapped` adds once the page is cut. */
const RESERVED: PageLimits = { samples: 2, bytes: 1024 }

interface Entry {
  readonly desc: Descriptor
  readonly family: { name: string; help: string; type: MetricType; samples: Sample[] }
  /** The first sample's suffix and series key; sets are made only when a second sample comes. */
  readonly firstSuffix: string
  readonly firstKey: string
  /** Series keys seen with the first sample's suffix (most families have no other). */
  keys?: Set<string>
  /** Series keys seen with each other suffix (`_sum`, `_count`, `_bucket`). */
  otherKeys?: Map<string, Set<string>>
}

type Suffix = NonNullable<Sample['suffix']>

const NO_LABELS: Labels = Object.freeze({})

/** A descriptor of a family without labels. */
type Plain<T extends FamilyType> = Descriptor<T, never, never>

/** An emit method: the value, then the labels the descriptor declares (none for a plain one). */
interface Emit<T extends FamilyType> {
  <D extends Plain<T>>(desc: D, value: number): void
  <D extends Descriptor<T>>(desc: D, value: number, labels: LabelsOf<D>): void
}

/** An emit method that adds one label (`quantile`, `le`), given before the value. */
interface EmitWith<T extends FamilyType> {
  <D extends Plain<T>>(desc: D, extra: string, value: number): void
  <D extends Descriptor<T>>(desc: D, extra: string, value: number, labels: LabelsOf<D>): void
}

/**
 * The registry of one scrape: collects samples into families under one namespace, emitted through
 * catalog descriptors (labels typed by `LabelsOf<D>`); families come out sorted by name. A second
 * descriptor with the name of a family already on the page but another type, help or label list
 * throws: that is a programming error (names built from a reply are checked against the catalog
 * before they get here). Everything a reply controls is bounded here, once: label values are
 * clipped to MAX_LABEL_VALUE, a second sample of a series (same family, suffix and labels) is
 * dropped, and once the page reaches its sample or byte cap every later sample is left out. Both
 * are counted (`duplicates`, `truncated`).
 */
export class FamilySet {
  readonly #entries = new Map<string, Entry>()
  readonly #families: MetricFamily[] = []
  readonly #prefix: string
  readonly #maxSamples: number
  readonly #maxBytes: number
  #samples = 0
  /** Upper bound of the rendered page so far, with its final newline. */
  #bytes = 1
  #full = false
  #truncated = 0
  #duplicates = 0

  /** Families outside it are never added (a push's plan); absent: every family. */
  readonly #select: ((desc: Descriptor) => boolean) | undefined

  constructor(
    namespace: string,
    limits: PageLimits = PAGE_LIMITS,
    select?: (desc: Descriptor) => boolean
  ) {
    this.#prefix = namespace === '' ? '' : `${namespace}_`
    this.#maxSamples = limits.samples - RESERVED.samples
    this.#maxBytes = limits.bytes - RESERVED.bytes
    this.#select = select
  }

  /** One sample of a gauge or counter, within the caps. */
  readonly sample: Emit<'gauge' | 'counter'> = this.#emit('')

  /** One quantile of a summary (the `quantile` label comes last). */
  readonly quantile: EmitWith<'summary'> = this.#emitWith('quantile', '')

  /** One cumulative `_bucket` of a histogram (the `le` label comes last). */
  readonly bucket: EmitWith<'histogram'> = this.#emitWith('le', '_bucket')

  /** The `_sum` of a summary or histogram. */
  readonly sum: Emit<'summary' | 'histogram'> = this.#emit('_sum')

  /** The `_count` of a summary or histogram. */
  readonly count: Emit<'summary' | 'histogram'> = this.#emit('_count')

  /** An emit method for samples with `suffix`, within the caps. */
  #emit(suffix: Suffix) {
    return (desc: Descriptor, value: number, labels?: Labels): void =>
      this.#add(desc, value, labels ?? NO_LABELS, suffix, true)
  }

  /** An emit method adding the label `name` last (its value given before the sample value). */
  #emitWith(name: string, suffix: Suffix) {
    return (desc: Descriptor, extra: string, value: number, labels?: Labels): void =>
      this.#add(desc, value, withLabel(labels, name, extra), suffix, true)
  }

  /** Like `sample`, past the caps (which keep room for it): for the counts of what was left out. */
  sampleUncapped(desc: Plain<'gauge' | 'counter'>, value: number): void {
    this.#add(desc, value, NO_LABELS, '', false)
  }

  /** Samples left out because the page reached its sample or byte cap. */
  get truncated(): number {
    return this.#truncated
  }

  /** Samples dropped because their series was already on the page. */
  get duplicates(): number {
    return this.#duplicates
  }

  /** Whether a family of this name (without namespace) is on the page. */
  has(name: string): boolean {
    return this.#entries.has(name)
  }

  list(): MetricFamily[] {
    return this.#families.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  #add(desc: Descriptor, value: number, labels: Labels, suffix: Suffix, capped: boolean): void {
    if (this.#select && !this.#select(desc)) return
    // Keyed by the short name: a catalog constant whose hash V8 has cached, where the prefixed
    // name would be a new string to hash for every sample.
    let entry = this.#entries.get(desc.name)
    if (entry && entry.desc !== desc) assertSameFamily(entry.desc, desc)
    if (capped && this.#full) {
      this.#truncated += 1
      return
    }
    let key = ''
    let count = 0
    let bytes = 0
    for (const k in labels) {
      const v = labels[k]!
      if (v.length > MAX_LABEL_VALUE) {
        return this.#add(desc, value, clipped(labels), suffix, capped)
      }
      bytes += labelBytes(k, v)
      count += 1
      // One label (most series): the value itself, nothing to allocate. Several: each value's
      // length as one character, then the value, so no value can pass for another's text. A
      // family's samples carry the same label names (the catalog's), so the values tell them apart.
      key = count === 1 ? v : (count === 2 ? lengthPrefixed(key) : key) + lengthPrefixed(v)
    }
    if (entry && isDuplicate(entry, suffix, key)) {
      this.#duplicates += 1
      return
    }
    const fullName = entry ? entry.family.name : this.#prefix + desc.name
    bytes += sampleLineBytes(fullName, suffix)
    if (!entry) bytes += headerBytes(fullName, desc.help, desc.type)
    if (capped && (this.#samples >= this.#maxSamples || this.#bytes + bytes > this.#maxBytes)) {
      this.#full = true
      this.#truncated += 1
      return
    }
    this.#samples += 1
    this.#bytes += bytes
    if (!entry) {
      entry = {
        desc,
        family: { name: fullName, help: desc.help, type: desc.type, samples: [] },
        firstSuffix: suffix,
        firstKey: key,
      }
      this.#entries.set(desc.name, entry)
      this.#families.push(entry.family)
    } else {
      remember(entry, suffix, key)
    }
    entry.family.samples.push(suffix ? { labels, value, suffix } : { labels, value })
  }
}

/** `labels` and one more label after them (`quantile`, `le`). */
function withLabel(labels: Labels | undefined, key: string, value: string): Labels {
  const out: Record<string, string> = {}
  if (labels) for (const k in labels) out[k] = labels[k]!
  out[key] = value
  return out
}

/** Throws when `desc` declares the family `registered` declares differently (a programming error). */
function assertSameFamily(registered: Descriptor, desc: Descriptor): void {
  if (sameFamily(registered, desc)) return
  throw new Error(
    `metric family ${desc.name} registered twice with different descriptors (${registered.type} [${registered.labels.join(',')}] then ${desc.type} [${desc.labels.join(',')}]): declare it once in the catalog`
  )
}

function isDuplicate(entry: Entry, suffix: string, key: string): boolean {
  if (suffix === entry.firstSuffix) {
    return entry.keys ? entry.keys.has(key) : entry.firstKey === key
  }
  return entry.otherKeys?.get(suffix)?.has(key) ?? false
}

function remember(entry: Entry, suffix: string, key: string): void {
  if (suffix === entry.firstSuffix) {
    if (!entry.keys) {
      entry.keys = new Set()
      entry.keys.add(entry.firstKey)
    }
    entry.keys.add(key)
    return
  }
  entry.otherKeys ??= new Map()
  let keys = entry.otherKeys.get(suffix)
  if (!keys) entry.otherKeys.set(suffix, (keys = new Set()))
  keys.add(key)
}

function lengthPrefixed(value: string): string {
  return String.fromCharCode(value.length) + value
}

function clipped(labels: Labels): Labels {
  const out: Record<string, string> = {}
  for (const k in labels) out[k] = clip(labels[k]!, MAX_LABEL_VALUE)
  return out
}
