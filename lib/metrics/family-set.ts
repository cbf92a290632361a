import { MAX_LABEL_VALUE, MAX_PAGE_BYTES, MAX_PAGE_SAMPLES, clip } from '../bounds'
import { sampleLineBytes } from '../render/page-size'
import { formatLabel, formatValue } from '../render/prometheus'
import { renderPrometheus } from '../render/prometheus'
import type { Labels, MetricFamily, MetricType, Sample } from '../types'
import type { Descriptor, FamilyType, LabelsOf } from './descriptor'
import { assertSameFamily } from './descriptor'
import type { FamilyNames, Suffix } from './family-names'
import { familyNames, lineStart } from './family-names'
import { sortedByName } from './family-order'
import { detached } from '../primitives/detached'
import type { SeriesKeys } from './series-keys'
import { addKey, forgetKey } from './series-keys'
import { LabelScan, clipped, withLabel } from './label-scan'
import type { Chunk, Recording } from './chunk'
import { recordLine, recording } from './chunk'

/** The caps of one page: samples, and bytes once rendered. */
export interface PageLimits {
  readonly samples: number
  readonly bytes: number
}

export const PAGE_LIMITS: PageLimits = { samples: MAX_PAGE_SAMPLES, bytes: MAX_PAGE_BYTES }

/** Kept free within the limits for what `sampleUncapped` adds once the page is cut. */
const RESERVED: PageLimits = { samples: 2, bytes: 1024 }

/**
 * Text mode (`page()`): each sample's line is written once, when it is added, onto its family's
 * text; no sample or family objects are kept.
 */
export interface TextMode {
  /**
   * A label written last on every line of every family but `except` (names without namespace):
   * REDIS_EXPORTER_APPEND_INSTANCE_ROLE_LABEL. Like the object mode's post-processing, it takes
   * no part in the caps, the byte estimates or the series keys.
   */
  readonly appendLabel?: {
    readonly name: string
    readonly value: string
    readonly except: readonly string[]
  }
}

interface Entry extends SeriesKeys {
  readonly desc: Descriptor
  /** Its name with the namespace, as written, and its header. */
  readonly names: FamilyNames
  /** Object mode: the family and its samples. */
  readonly family: { name: string; help: string; type: MetricType; samples: Sample[] } | undefined
  /** Text mode: the appended label (`key="value"` or ''), and the lines so far. */
  readonly tail: string
  text: string
}

const NO_LABELS: Labels = Object.freeze({})

/**
 * The set of the last page written in text mode, kept until the next page replaces it. V8's
 * optimized code for building a page checks the hidden classes of the set's objects (its entries,
 * as they gain key sets) and holds them weakly: when V8 collects while the process is idle (its
 * memory reducer, between scrapes Prometheus spaces 15 s apart) and no page is being built, those
 * classes die with the last page's objects and that code is thrown away (`node --trace-deopt`:
 * "weak objects"), to be compiled again by the next scrape. One emptied set alive keeps them: its
 * entries, without their texts or keys (bench/NOTES.md, "Issue 14: a scrape every 15 s").
 */
const retained: { page?: FamilySet } = {}

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
 * catalog descriptors (labels typed by `LabelsOf<D>`); families come out sorted by name, as
 * objects (`list()`) or, in text mode, as the page (`page()`). A second descriptor with the name
 * of a family already on the page but another type, help or label list throws: that is a
 * programming error (names built from a reply are checked against the catalog before they get
 * here). Everything a reply controls is bounded here, once: label values are clipped to
 * MAX_LABEL_VALUE, a second sample of a series (same family, suffix and labels) is dropped, and
 * once the page reaches its sample or byte cap every later sample is left out. Both are counted
 * (`duplicates`, `truncated`).
 */
export class FamilySet {
  readonly #entries = new Map<string, Entry>()
  readonly #prefix: string
  readonly #maxSamples: number
  readonly #maxBytes: number
  readonly #text: TextMode | undefined
  #samples = 0
  /** Upper bound of the rendered page so far, with its final newline. */
  #bytes = 1
  #full = false
  /** Text mode: page() has handed the texts over; nothing may be added or written again. */
  #written = false
  #truncated = 0
  #duplicates = 0
  /** The labels of the sample being added. */
  readonly #labels: LabelScan
  /** The chunk `record` is writing, if any. */
  #recording: Recording | undefined

  /** Families outside it are never added (a push's plan); absent: every family. */
  readonly #select: ((desc: Descriptor) => boolean) | undefined

  constructor(
    namespace: string,
    limits: PageLimits = PAGE_LIMITS,
    select?: (desc: Descriptor) => boolean,
    text?: TextMode
  ) {
    this.#prefix = namespace === '' ? '' : `${namespace}_`
    this.#maxSamples = limits.samples - RESERVED.samples
    this.#maxBytes = limits.bytes - RESERVED.bytes
    this.#select = select
    this.#text = text
    this.#labels = new LabelScan(text !== undefined)
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
      this.#add(desc, value, labels ?? NO_LABELS, undefined, '', suffix, true)
  }

  /** An emit method adding the label `name` last (its value given before the sample value). */
  #emitWith(name: string, suffix: Suffix) {
    return (desc: Descriptor, extra: string, value: number, labels?: Labels): void =>
      this.#add(desc, value, labels ?? NO_LABELS, name, extra, suffix, true)
  }

  /** Like `sample`, past the caps (which keep room for it): for the counts of what was left out. */
  sampleUncapped(desc: Plain<'gauge' | 'counter'>, value: number): void {
    this.#add(desc, value, NO_LABELS, undefined, '', '', false)
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

  /** The families with their samples, by name (object mode only). */
  list(): MetricFamily[] {
    const out: MetricFamily[] = []
    for (const e of this.#sorted()) {
      if (!e.family) throw new Error('FamilySet.list() on a text-mode set: use page()')
      out.push(e.family)
    }
    return out
  }

  /**
   * The page in the Prometheus text format: in text mode its families' texts, joined once. It ends
   * a text-mode set: its texts and series keys are handed over, and the set is kept, emptied, until
   * the next page (`retained`).
   */
  page(): string {
    if (!this.#text) return renderPrometheus(this.list())
    if (this.#written)
      throw new Error('FamilySet.page() called twice: a text-mode set writes one page')
    this.#written = true
    let out = ''
    for (const e of this.#sorted()) {
      if (out !== '') out += '\n\n'
      out += e.names.header + e.text
      // The page holds the text now; the emptied entry and its key sets stay (see `retained`).
      e.text = ''
      e.keys?.clear()
      e.otherKeys?.forEach((keys) => keys.clear())
    }
    retained.page = this
    return `${out}\n`
  }

  /**
   * Runs `write`, which adds samples of `desc` only, and returns the lines it wrote as a chunk to
   * `replay` later; undefined in object mode, or when `write` added to another family, or had a
   * sample left out by a cap or dropped as a duplicate (such lines are not replayed).
   */
  record(desc: Descriptor, write: () => void): Chunk | undefined {
    if (!this.#text || this.#recording) {
      write()
      return undefined
    }
    const rec = recording(desc)
    const { truncated, duplicates } = this
    this.#recording = rec
    try {
      write()
    } finally {
      this.#recording = undefined
    }
    if (!rec.ok || this.#truncated !== truncated || this.#duplicates !== duplicates)
      return undefined
    const { suffixes, keys, bytes } = rec
    // One flat string: a page copies it as one piece instead of walking its lines again (and
    // the label values in it, cut from replies, are not kept alive with it).
    const text = detached(rec.text)
    const tail = this.#entries.get(desc.name)?.tail ?? this.#tailOf(desc)
    return { desc, prefix: this.#prefix, tail, text, suffixes, keys, bytes }
  }

  /**
   * Writes a recorded chunk's lines, counted as its samples added one by one would be. False, and
   * nothing written, when the set cannot take it whole: object mode, another namespace or appended
   * label, a cap it would reach, a series already on the page. The caller then adds the samples.
   */
  replay(chunk: Chunk): boolean {
    if (this.#written) throw new Error('FamilySet: a sample added after page()')
    const { desc, keys, suffixes } = chunk
    if (!this.#text || this.#recording || chunk.prefix !== this.#prefix) return false
    if (this.#select && !this.#select(desc)) return true
    let entry = this.#entries.get(desc.name)
    if (entry && entry.desc !== desc) assertSameFamily(entry.desc, desc)
    if (keys.length === 0) return true
    if ((entry ? entry.tail : this.#tailOf(desc)) !== chunk.tail || this.#full) return false
    const names = entry ? entry.names : familyNames(desc, this.#prefix)
    const bytes = chunk.bytes + (entry ? 0 : names.headerBytes)
    if (this.#samples + keys.length > this.#maxSamples || this.#bytes + bytes > this.#maxBytes) {
      return false
    }
    const from = entry ? 0 : 1
    entry ??= this.#register(desc, names, suffixes[0]!, keys[0]!)
    for (let i = from; i < keys.length; i++) {
      if (addKey(entry, suffixes[i]!, keys[i]!)) continue
      for (let j = from; j < i; j++) forgetKey(entry, suffixes[j]!, keys[j]!)
      if (from === 1) this.#entries.delete(desc.name)
      return false
    }
    this.#samples += keys.length
    this.#bytes += bytes
    entry.text += chunk.text
    return true
  }

  /** The entries by family name (family-order.ts). */
  #sorted(): Entry[] {
    return sortedByName(this.#entries)
  }

  #add(
    desc: Descriptor,
    value: number,
    labels: Labels,
    extraName: string | undefined,
    extra: string,
    suffix: Suffix,
    capped: boolean
  ): void {
    if (this.#select && !this.#select(desc)) return
    if (this.#written) throw new Error('FamilySet: a sample added after page()')
    // Keyed by the short name: a catalog constant whose hash V8 has cached, where the prefixed
    // name would be a new string to hash for every sample.
    let entry = this.#entries.get(desc.name)
    if (entry && entry.desc !== desc) assertSameFamily(entry.desc, desc)
    if (capped && this.#full) {
      this.#truncated += 1
      return
    }
    const scan = this.#labels
    if (!scan.read(labels, extraName, extra)) {
      const clippedExtra = clip(extra, MAX_LABEL_VALUE)
      return this.#add(desc, value, clipped(labels), extraName, clippedExtra, suffix, capped)
    }
    const { key } = scan
    if (entry && !addKey(entry, suffix, key)) {
      this.#duplicates += 1
      return
    }
    const names = entry ? entry.names : familyNames(desc, this.#prefix)
    let bytes = scan.bytes + sampleLineBytes(names.name, suffix)
    if (!entry) bytes += names.headerBytes
    if (capped && (this.#samples >= this.#maxSamples || this.#bytes + bytes > this.#maxBytes)) {
      if (entry) forgetKey(entry, suffix, key)
      this.#full = true
      this.#truncated += 1
      return
    }
    this.#samples += 1
    this.#bytes += bytes
    if (!entry) {
      entry = this.#register(desc, names, suffix, key)
      bytes -= names.headerBytes
    }
    if (entry.family) {
      const all = extraName === undefined ? labels : withLabel(labels, extraName, extra)
      entry.family.samples.push(suffix ? { labels: all, value, suffix } : { labels: all, value })
      return
    }
    const line = lineStart(entry.names, suffix) + scan.braced(entry.tail) + formatValue(value)
    entry.text += line
    const rec = this.#recording
    if (rec) recordLine(rec, desc, line, suffix, key, bytes)
  }

  /** The appended label text of the family's lines ('' for none). */
  #tailOf(desc: Descriptor): string {
    const append = this.#text?.appendLabel
    return append && !append.except.includes(desc.name)
      ? formatLabel(append.name, append.value)
      : ''
  }

  #register(desc: Descriptor, names: FamilyNames, suffix: string, key: string): Entry {
    const entry: Entry = {
      desc,
      names,
      family: this.#text
        ? undefined
        : { name: names.name, help: desc.help, type: desc.type, samples: [] },
      tail: this.#tailOf(desc),
      text: '',
      firstSuffix: suffix,
      firstKey: key,
    }
    this.#entries.set(desc.name, entry)
    return entry
  }
}
