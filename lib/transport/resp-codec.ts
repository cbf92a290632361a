import { MAX_RESP_BULK, MAX_RESP_DEPTH, MAX_RESP_ELEMENTS, MAX_RESP_LINE } from '../bounds'
import { TransportError } from '../errors'
import { replyTooLargeMessage } from './describe-error'

/**
 * RESP2 and RESP3 replies (requests: resp-encode.ts), decoded in the shapes ioredis gives with
 * its default "legacy" reply mapping (what lib/parse expects): bulk, simple, verbatim strings,
 * doubles and big numbers as JS strings (UTF-8, verbatim without its `txt:` prefix), integers as
 * numbers, booleans as 1/0, maps as flat [k, v, ...] arrays, sets as arrays, nulls (RESP2
 * `$-1`/`*-1`, RESP3 `_`) as null, error replies as ReplyError. RESP3 pushes (out-of-band) and
 * attributes are read and dropped (ioredis fails the connection on an attribute). A stream that
 * is not RESP, or declares more than lib/bounds allows, is a fatal protocol error: the decoder
 * reports it once and reads nothing more. It never throws.
 */

/** An error reply (`-ERR …`, `!len`): named like ioredis's, so the transport tells it from a failed round trip. */
export class ReplyError extends Error {}
// On the prototype, as ioredis has it: not an own property of every error.
Object.defineProperty(ReplyError.prototype, 'name', { value: 'ReplyError', writable: true })

/** Where a decoder delivers top-level replies, in order, and its one fatal protocol error. */
export interface RespSink {
  reply(value: unknown): void
  fatal(err: Error): void
}

const CR = 13
const LF = 10
const T = 0x74
/** #step's results besides a position. */
const INCOMPLETE = -1
const FAILED = -2
/** #step opened an aggregate (or read an empty attribute): no value to deliver yet. */
const NOTHING = Symbol('nothing')

const utf8 = new TextDecoder()

/** An aggregate being read: its elements so far and how many are still to come. */
interface Frame {
  readonly items: unknown[]
  remaining: number
  readonly type: number
}

/**
 * Incremental decoder: `feed` it the socket's chunks as they come. A value is parsed straight
 * from the chunk; only a value cut by a chunk boundary keeps its bytes (a list of chunks), joined
 * once when enough have arrived. Aggregates are an explicit stack (bounded depth, no recursion).
 */
export class RespDecoder {
  readonly #sink: RespSink
  readonly #stack: Frame[] = []
  #pending: Uint8Array[] = []
  #pendingBytes = 0
  /** Bytes #pending must hold before the cut value can be read. */
  #need = 0
  /** The cut value is a line with no CR yet: chunks without one are kept, not joined and rescanned. */
  #lineWait = false
  #failed = false
  #value: unknown = NOTHING

  constructor(sink: RespSink) {
    this.#sink = sink
  }

  feed(chunk: Uint8Array): void {
    if (this.#failed || chunk.length === 0) return
    let buf = chunk
    if (this.#pendingBytes > 0) {
      this.#pending.push(chunk)
      this.#pendingBytes += chunk.length
      if (this.#pendingBytes < this.#need) return
      if (this.#lineWait && chunk.indexOf(CR) < 0) {
        if (this.#pendingBytes > MAX_RESP_LINE)
          this.#fail(`a line longer than ${MAX_RESP_LINE} bytes`)
        return
      }
      buf = join(this.#pending, this.#pendingBytes)
      this.#pending = []
      this.#pendingBytes = 0
    }
    let pos = 0
    while (pos < buf.length) {
      const end = this.#step(buf, pos)
      if (end === FAILED) return
      if (end === INCOMPLETE) {
        this.#pending = [buf.subarray(pos)]
        this.#pendingBytes = buf.length - pos
        return
      }
      pos = end
      const value = this.#value
      if (value === NOTHING) continue
      // Not kept once delivered: the decoder of an idle connection would hold its last reply
      // (a whole INFO text) until the next one, past the scrape or push that read it.
      this.#value = NOTHING
      this.#deliver(value)
    }
  }

  /** Reads one value or aggregate header at `pos` into #value; returns where the next one starts. */
  #step(buf: Uint8Array, pos: number): number {
    const eol = buf.indexOf(CR, pos + 1)
    if (eol < 0 || eol + 1 >= buf.length) {
      if (buf.length - pos > MAX_RESP_LINE)
        return this.#fail(`a line longer than ${MAX_RESP_LINE} bytes`)
      this.#need = buf.length - pos + 1
      this.#lineWait = eol < 0
      return INCOMPLETE
    }
    const type = buf[pos]!
    const next = eol + 2
    switch (type) {
      case 0x2b: // + simple string
      case 0x2c: // , double (RESP2 sent doubles as bulk strings)
      case 0x28: // ( big number
        this.#value = text(buf, pos + 1, eol)
        return next
      case 0x2d: // - error
        this.#value = new ReplyError(text(buf, pos + 1, eol))
        return next
      case 0x3a: // : integer
        this.#value = integerAt(buf, pos + 1, eol)
        return next
      case 0x23: // # boolean
        this.#value = buf[pos + 1] === T ? 1 : 0
        return next
      case 0x5f: // _ null
        this.#value = null
        return next
      case 0x24: // $ bulk string
      case 0x3d: // = verbatim string
      case 0x21: // ! bulk error
        return this.#bulk(type, buf, pos, eol)
      case 0x2a: // * array
      case 0x7e: // ~ set
      case 0x25: // % map
      case 0x3e: // > push
      case 0x7c: // | attribute
        return this.#aggregate(type, buf, pos, eol)
      default: // ioredis's text, which describe-error.ts explains
        return this.#fail(
          `Unknown RESP type ${type} ${JSON.stringify(String.fromCharCode(type))}`,
          ''
        )
    }
  }

  #bulk(type: number, buf: Uint8Array, pos: number, eol: number): number {
    const len = integerAt(buf, pos + 1, eol)
    if (len === -1 && type === 0x24) {
      this.#value = null
      return eol + 2
    }
    if (len > MAX_RESP_BULK)
      return this.#failWith(new TransportError(replyTooLargeMessage(MAX_RESP_BULK)))
    if (!Number.isInteger(len) || len < 0) {
      return this.#fail(`bulk length ${clipLine(buf, pos + 1, eol)} is not one`)
    }
    const start = eol + 2
    const end = start + len
    if (end + 2 > buf.length) {
      this.#need = end + 2 - pos
      this.#lineWait = false
      return INCOMPLETE
    }
    if (buf[end] !== CR || buf[end + 1] !== LF)
      return this.#fail('bulk string not followed by CRLF')
    const skip = type === 0x3d && len >= 4 ? 4 : 0 // verbatim: `txt:`
    const s = text(buf, start + skip, end)
    this.#value = type === 0x21 ? new ReplyError(s) : s
    return end + 2
  }

  #aggregate(type: number, buf: Uint8Array, pos: number, eol: number): number {
    const n = integerAt(buf, pos + 1, eol)
    if (n === -1 && type === 0x2a) {
      this.#value = null
      return eol + 2
    }
    const count = type === 0x25 || type === 0x7c ? n * 2 : n
    if (!Number.isInteger(n) || n < 0 || count > MAX_RESP_ELEMENTS) {
      return this.#fail(
        `element count ${clipLine(buf, pos + 1, eol)} outside 0..${MAX_RESP_ELEMENTS}`
      )
    }
    if (count === 0) {
      const dropped = type === 0x7c || (type === 0x3e && this.#stack.length === 0)
      this.#value = dropped ? NOTHING : []
      return eol + 2
    }
    if (this.#stack.length >= MAX_RESP_DEPTH) {
      return this.#fail(`replies nested deeper than ${MAX_RESP_DEPTH}`)
    }
    // Never preallocated: a hostile count costs nothing until its elements arrive.
    this.#stack.push({ items: [], remaining: count, type })
    this.#value = NOTHING
    return eol + 2
  }

  /** Adds a complete value to the open aggregates; a complete top-level value goes to the sink. */
  #deliver(value: unknown): void {
    let v = value
    for (;;) {
      const top = this.#stack[this.#stack.length - 1]
      if (!top) {
        this.#sink.reply(v)
        return
      }
      top.items.push(v)
      if (--top.remaining > 0) return
      this.#stack.pop()
      if (top.type === 0x7c) return // an attribute: metadata about the next value, dropped
      if (top.type === 0x3e && this.#stack.length === 0) return // out-of-band push, not a reply
      v = top.items
    }
  }

  #fail(reason: string, prefix = 'Protocol error: '): number {
    return this.#failWith(new Error(prefix + reason))
  }

  #failWith(err: Error): number {
    this.#failed = true
    this.#pending = []
    this.#pendingBytes = 0
    this.#stack.length = 0
    this.#sink.fatal(err)
    return FAILED
  }
}

/** The integer in buf[start, end) (optional sign, digits); NaN when it is not one. */
function integerAt(buf: Uint8Array, start: number, end: number): number {
  let i = start
  const negative = buf[i] === 0x2d
  if (negative || buf[i] === 0x2b) i++
  if (i >= end) return NaN
  let n = 0
  for (; i < end; i++) {
    const d = buf[i]! - 48
    if (d < 0 || d > 9) return NaN
    n = n * 10 + d
  }
  return negative ? -n : n
}

/** buf[start, end) as UTF-8 (invalid bytes become U+FFFD); short ASCII without the decoder's call cost. */
function text(buf: Uint8Array, start: number, end: number): string {
  if (end - start > 16) return utf8.decode(buf.subarray(start, end))
  let s = ''
  for (let i = start; i < end; i++) {
    const c = buf[i]!
    if (c >= 0x80) return utf8.decode(buf.subarray(start, end))
    s += String.fromCharCode(c)
  }
  return s
}

/** A header's text for an error message: at most 20 characters, never the payload. */
function clipLine(buf: Uint8Array, start: number, end: number): string {
  return JSON.stringify(text(buf, start, Math.min(end, start + 20)))
}

function join(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}
