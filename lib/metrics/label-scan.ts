import { MAX_LABEL_VALUE, clip } from '../bounds'
import { labelBytes } from '../render/page-size'
import { escapeLabelValue, formatLabel } from '../render/prometheus'
import type { Labels } from '../types'
import { keyHead, lengthPrefixed, nextKey } from './series-keys'

/**
 * What the labels of the sample being added give a page: its series key, the upper bound of its
 * label bytes and, in text mode, its label text (`braced`). The last labels object read is
 * remembered: builders give one series' labels object to its families in a row (a command's
 * counters, its quantiles, `_sum` and `_count`), so it is read once, and the added label
 * (`quantile`, `le`) is written around it without copying it. A labels object must not change
 * once given (the object mode keeps it in its samples anyway).
 */
export class LabelScan {
  key = ''
  bytes = 0
  readonly #writes: boolean
  /** The last labels object read: its key, label count, bytes and text (`a="x",b="y"`). */
  #memo: Labels | undefined
  #memoKey = ''
  #memoCount = 0
  #memoBytes = 0
  #memoText = ''
  /** The memo's key as the start of a longer key (see nextKey), once asked for. */
  #memoKeyHead: string | undefined
  /** The added label of this sample, if any. */
  #extraName: string | undefined
  #extra = ''
  /** The last `braced` answer for the memo without added label, and its tail. */
  #bracedTail: string | undefined
  #braced = ''
  /** For the added label: `{<memo text>,<name>="` for `#headName`, and `"<,tail>} ` for `#closeTail`. */
  #head = ''
  #headName: string | undefined
  #close = ''
  #closeTail: string | undefined

  /** `writes`: text mode (the label text is wanted). */
  constructor(writes: boolean) {
    this.#writes = writes
  }

  /** Reads `labels`, then the label `extraName` (if any). False when a value needs clipping. */
  read(labels: Labels, extraName: string | undefined, extra: string): boolean {
    if (labels !== this.#memo && !this.#remember(labels)) return false
    this.#extraName = extraName
    if (extraName === undefined) {
      this.key = this.#memoKey
      this.bytes = this.#memoBytes
      return true
    }
    if (extra.length > MAX_LABEL_VALUE) return false
    this.#extra = extra
    this.bytes = this.#memoBytes + labelBytes(extraName, extra)
    const count = this.#memoCount
    if (count === 0) this.key = extra
    else this.key = (this.#memoKeyHead ??= keyHead(this.#memoKey, count)) + lengthPrefixed(extra)
    return true
  }

  /**
   * The label text in braces with `tail` (an appended label, or '') last, then a space: a lone
   * space without labels.
   */
  braced(tail: string): string {
    if (this.#extraName !== undefined) return this.#bracedExtra(this.#extraName, tail)
    if (tail === this.#bracedTail) return this.#braced
    const text = this.#memoText
    let out: string
    if (tail === '') out = text === '' ? ' ' : `{${text}} `
    else out = text === '' ? `{${tail}} ` : `{${text},${tail}} `
    this.#bracedTail = tail
    this.#braced = out
    return out
  }

  #bracedExtra(name: string, tail: string): string {
    if (name !== this.#headName) {
      const text = this.#memoText
      this.#head = text === '' ? `{${name}="` : `{${text},${name}="`
      this.#headName = name
    }
    if (tail !== this.#closeTail) {
      this.#close = tail === '' ? '"} ' : `",${tail}} `
      this.#closeTail = tail
    }
    return this.#head + escapeLabelValue(this.#extra) + this.#close
  }

  /** Reads a new labels object into the memo; false (and no memo) when a value needs clipping. */
  #remember(labels: Labels): boolean {
    this.#memo = undefined
    let key = ''
    let count = 0
    let bytes = 0
    let text = ''
    for (const k in labels) {
      const v = labels[k]!
      if (v.length > MAX_LABEL_VALUE) return false
      bytes += labelBytes(k, v)
      count += 1
      key = nextKey(key, count, v)
      if (this.#writes) text = count === 1 ? formatLabel(k, v) : `${text},${formatLabel(k, v)}`
    }
    this.#memo = labels
    this.#memoKey = key
    this.#memoCount = count
    this.#memoBytes = bytes
    this.#memoText = text
    this.#memoKeyHead = undefined
    this.#bracedTail = undefined
    this.#headName = undefined
    return true
  }
}

/** `labels` and one more label after them (`quantile`, `le`). */
export function withLabel(labels: Labels, key: string, value: string): Labels {
  const out: Record<string, string> = {}
  for (const k in labels) out[k] = labels[k]!
  out[key] = value
  return out
}

/** `labels` with every value clipped to MAX_LABEL_VALUE. */
export function clipped(labels: Labels): Labels {
  const out: Record<string, string> = {}
  for (const k in labels) out[k] = clip(labels[k]!, MAX_LABEL_VALUE)
  return out
}
