import { MAX_LABEL_VALUE, MAX_PAGE_BYTES, MAX_PAGE_SAMPLES, clip } from '../bounds'
import { headerBytes, labelBytes, sampleLineBytes } from '../render/page-size'
import type { Labels, MetricFamily, MetricType, Sample } from '../types'

/** The caps of one page: samples, and bytes once rendered. */
export interface PageLimits {
  readonly samples: number
  readonly bytes: number
}

export const PAGE_LIMITS: PageLimits = { samples: MAX_PAGE_SAMPLES, bytes: MAX_PAGE_BYTES }

/** Kept free within the limits for what `addUncapped` adds once the page is cut. */
const RESERVED: PageLimits = { samples: 2, bytes: 1024 }

interface Entry {
  readonly family: { name: string; help: string; type: MetricType; samples: Sample[] }
  /** The first sample's suffix and series key; sets are made only when a second sample comes. */
  readonly firstSuffix: string
  readonly firstKey: string
  /** Series keys seen with the first sample's suffix (most families have no other). */
  keys?: Set<string>
  /** Series keys seen with each other suffix (`_sum`, `_count`, `_bucket`). */
  otherKeys?: Map<string, Set<string>>
}

/**
 * Collects samples into families under one namespace; families come out sorted by name. Everything
 * a reply controls is bounded here, once: label values are clipped to MAX_LABEL_VALUE, a second
 * sample of a series (same family, suffix and labels) is dropped, and once the page reaches its
 * sample or byte cap every later sample is left out. Both are counted (`duplicates`, `truncated`).
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

  constructor(namespace: string, limits: PageLimits = PAGE_LIMITS) {
    this.#prefix = namespace === '' ? '' : `${namespace}_`
    this.#maxSamples = limits.samples - RESERVED.samples
    this.#maxBytes = limits.bytes - RESERVED.bytes
  }

  /** Adds one sample to `<namespace>_<name>`, creating the family on first use, within the caps. */
  add(
    name: string,
    type: MetricType,
    help: string,
    value: number,
    labels: Labels = {},
    suffix: Sample['suffix'] = ''
  ): void {
    this.#add(name, type, help, value, labels, suffix, true)
  }

  /** Like `add`, past the caps (which keep room for it): for the counts of what was left out. */
  addUncapped(name: string, type: MetricType, help: string, value: number): void {
    this.#add(name, type, help, value, {}, '', false)
  }

  /** Samples left out because the page reached its sample or byte cap. */
  get truncated(): number {
    return this.#truncated
  }

  /** Samples dropped because their series was already on the page. */
  get duplicates(): number {
    return this.#duplicates
  }

  has(name: string): boolean {
    return this.#entries.has(name)
  }

  list(): MetricFamily[] {
    return this.#families.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  #add(
    name: string,
    type: MetricType,
    help: string,
    value: number,
    labels: Labels,
    suffix: NonNullable<Sample['suffix']>,
    capped: boolean
  ): void {
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
        return this.#add(name, type, help, value, clipped(labels), suffix, capped)
      }
      bytes += labelBytes(k, v)
      count += 1
      // One label (most series): the value itself, nothing to allocate. Several: each value's
      // length as one character, then the value, so no value can pass for another's text. A
      // family's samples carry the same label names (the catalog's), so the values tell them apart.
      key = count === 1 ? v : (count === 2 ? lengthPrefixed(key) : key) + lengthPrefixed(v)
    }
    // Keyed by the short name: usually a constant whose hash V8 has cached, where the prefixed
    // name would be a new string to hash for every sample.
    let entry = this.#entries.get(name)
    if (entry && isDuplicate(entry, suffix, key)) {
      this.#duplicates += 1
      return
    }
    const fullName = entry ? entry.family.name : this.#prefix + name
    bytes += sampleLineBytes(fullName, suffix)
    if (!entry) bytes += headerBytes(fullName, help, type)
    if (capped && (this.#samples >= this.#maxSamples || this.#bytes + bytes > this.#maxBytes)) {
      this.#full = true
      this.#truncated += 1
      return
    }
    this.#samples += 1
    this.#bytes += bytes
    if (!entry) {
      entry = {
        family: { name: fullName, help, type, samples: [] },
        firstSuffix: suffix,
        firstKey: key,
      }
      this.#entries.set(name, entry)
      this.#families.push(entry.family)
    } else {
      remember(entry, suffix, key)
    }
    entry.family.samples.push(suffix ? { labels, value, suffix } : { labels, value })
  }
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
