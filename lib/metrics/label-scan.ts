import { MAX_LABEL_VALUE } from '../bounds'
import { labelBytes } from '../render/page-size'
import { formatLabel } from '../render/prometheus'
import type { Labels } from '../types'
import { nextKey } from './series-keys'

/**
 * What the labels of the sample being added give a page: its series key, the upper bound of its
 * label bytes and, in text mode, its label text (`a="x",b="y"`, without braces). The last labels
 * object read is remembered: builders give one series' labels object to its families in a row
 * (a command's counters, a quantile's `_sum` and `_count`), so it is read once. A labels object
 * must not change once given (the object mode keeps it in its samples anyway).
 */
export class LabelScan {
  key = ''
  bytes = 0
  text = ''
  #count = 0
  readonly #writes: boolean
  #memo: Labels | undefined
  #memoKey = ''
  #memoCount = 0
  #memoBytes = 0
  #memoText = ''
  /** The last `braced` answer, for the same label text and tail. */
  #bracedText: string | undefined
  #bracedTail = ''
  #braced = ''

  /** `writes`: text mode (the label text is wanted). */
  constructor(writes: boolean) {
    this.#writes = writes
  }

  /** Reads `labels`, then the label `extraName` (if any). False when a value needs clipping. */
  read(labels: Labels, extraName: string | undefined, extra: string): boolean {
    if (labels === this.#memo) {
      this.key = this.#memoKey
      this.#count = this.#memoCount
      this.bytes = this.#memoBytes
      this.text = this.#memoText
    } else {
      this.key = ''
      this.#count = 0
      this.bytes = 0
      this.text = ''
      this.#memo = undefined
      for (const k in labels) if (!this.#label(k, labels[k]!)) return false
      this.#memo = labels
      this.#memoKey = this.key
      this.#memoCount = this.#count
      this.#memoBytes = this.bytes
      this.#memoText = this.text
    }
    return extraName === undefined || this.#label(extraName, extra)
  }

  /** The label text in braces with `tail` (an appended label, or '') last, and a space: ` ` alone without labels. */
  braced(tail: string): string {
    if (this.text === this.#bracedText && tail === this.#bracedTail) return this.#braced
    const { text } = this
    let out: string
    if (tail === '') out = text === '' ? ' ' : `{${text}} `
    else out = text === '' ? `{${tail}} ` : `{${text},${tail}} `
    this.#bracedText = text
    this.#bracedTail = tail
    this.#braced = out
    return out
  }

  #label(k: string, v: string): boolean {
    if (v.length > MAX_LABEL_VALUE) return false
    this.bytes += labelBytes(k, v)
    this.#count += 1
    this.key = nextKey(this.key, this.#count, v)
    if (this.#writes) {
      const one = formatLabel(k, v)
      this.text = this.#count === 1 ? one : `${this.text},${one}`
    }
    return true
  }
}
