/**
 * A minimal RESP codec for test helpers: encodes command arrays and decodes RESP2 replies (plus the
 * common RESP3 types, should a test ever send HELLO 3) from a stream of arbitrarily split chunks.
 */

/** An error reply (`-ERR ...`). The message is the reply text without the leading `-`. */
export class RespError extends Error {
  override readonly name = 'RespError'
}

/**
 * A decoded reply. Simple string → string, error → RespError (returned inside arrays, thrown by the
 * clients at top level), integer → number, bulk string → string | null, array → array | null.
 */
export type RespValue = string | number | boolean | null | RespError | RespValue[]

const CRLF = '\r\n'

/** Encodes one command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly (string | number | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}${CRLF}`)]
  for (const arg of args) {
    const data = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg), 'utf8')
    parts.push(Buffer.from(`$${data.length}${CRLF}`), data, Buffer.from(CRLF))
  }
  return Buffer.concat(parts)
}

/** Returned by the internal parser when the buffer does not yet hold a complete reply. */
const INCOMPLETE = Symbol('incomplete')
type Parsed = { value: RespValue; end: number } | typeof INCOMPLETE

/**
 * Streaming decoder. `push()` chunks as they arrive, then drain complete replies with `next()` (or
 * `drain()`); a reply split across chunks (even inside a CRLF) stays buffered until it is complete.
 */
export class RespDecoder {
  private buffer: Buffer = Buffer.alloc(0)
  private offset = 0

  push(chunk: Buffer | string): void {
    const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
    const rest = this.buffer.subarray(this.offset)
    this.buffer = rest.length === 0 ? data : Buffer.concat([rest, data])
    this.offset = 0
  }

  /** The next complete reply, or `undefined` when more data is needed. */
  next(): { value: RespValue } | undefined {
    const parsed = parseValue(this.buffer, this.offset)
    if (parsed === INCOMPLETE) return undefined
    this.offset = parsed.end
    return { value: parsed.value }
  }

  /** All complete replies buffered so far. */
  drain(): RespValue[] {
    const out: RespValue[] = []
    for (let r = this.next(); r !== undefined; r = this.next()) out.push(r.value)
    return out
  }

  /** Bytes received but not yet consumed by a complete reply. */
  get pendingBytes(): number {
    return this.buffer.length - this.offset
  }
}

/** Decodes a complete buffer holding exactly one reply (convenience for unit tests). */
export function decodeReply(data: Buffer | string): RespValue {
  const decoder = new RespDecoder()
  decoder.push(data)
  const r = decoder.next()
  if (r === undefined) throw new Error('incomplete RESP reply')
  if (decoder.pendingBytes !== 0) throw new Error(`${decoder.pendingBytes} trailing bytes`)
  return r.value
}

function readLine(buf: Buffer, start: number): { line: string; end: number } | typeof INCOMPLETE {
  const idx = buf.indexOf(CRLF, start)
  if (idx === -1) return INCOMPLETE
  return { line: buf.toString('utf8', start, idx), end: idx + 2 }
}

function parseInteger(line: string, type: string): number {
  if (!/^[-+]?\d+$/.test(line)) throw new Error(`RESP protocol error: bad ${type} length '${line}'`)
  return Number(line)
}

function parseAggregate(buf: Buffer, start: number, count: number): Parsed {
  const items: RespValue[] = []
  let pos = start
  for (let i = 0; i < count; i++) {
    const item = parseValue(buf, pos)
    if (item === INCOMPLETE) return INCOMPLETE
    items.push(item.value)
    pos = item.end
  }
  return { value: items, end: pos }
}

function parseValue(buf: Buffer, start: number): Parsed {
  if (start >= buf.length) return INCOMPLETE
  const type = String.fromCharCode(buf[start] ?? 0)
  const header = readLine(buf, start + 1)
  if (header === INCOMPLETE) return INCOMPLETE
  const { line, end } = header
  switch (type) {
    case '+':
      return { value: line, end }
    case '-':
      return { value: new RespError(line), end }
    case ':':
      return { value: Number(line), end }
    case '(': // RESP3 big number: keep it as a number (tests only deal with small ones)
      return { value: Number(line), end }
    case ',': {
      const lower = line.toLowerCase()
      const value =
        lower === 'inf'
          ? Infinity
          : lower === '-inf'
            ? -Infinity
            : lower === 'nan'
              ? NaN
              : Number(line)
      return { value, end }
    }
    case '#':
      return { value: line === 't', end }
    case '_':
      return { value: null, end }
    case '$':
    case '=':
    case '!': {
      const len = parseInteger(line, 'bulk')
      if (len < 0) return { value: null, end }
      if (buf.length < end + len + 2) return INCOMPLETE
      if (buf[end + len] !== 0x0d || buf[end + len + 1] !== 0x0a) {
        throw new Error(`RESP protocol error: bulk string of ${len} bytes not followed by CRLF`)
      }
      let text = buf.toString('utf8', end, end + len)
      if (type === '=') text = text.slice(4) // verbatim string: drop the 'txt:' format prefix
      const value = type === '!' ? new RespError(text) : text
      return { value, end: end + len + 2 }
    }
    case '*':
    case '~':
    case '>': {
      const count = parseInteger(line, 'array')
      if (count < 0) return { value: null, end }
      return parseAggregate(buf, end, count)
    }
    case '%': {
      // RESP3 map: flatten to [k1, v1, k2, v2, ...] like the RESP2 reply of the same command.
      const count = parseInteger(line, 'map')
      return parseAggregate(buf, end, count * 2)
    }
    case '|': {
      // RESP3 attribute: skip it and return the value that follows.
      const attrs = parseAggregate(buf, end, parseInteger(line, 'attribute') * 2)
      if (attrs === INCOMPLETE) return INCOMPLETE
      return parseValue(buf, attrs.end)
    }
    default:
      throw new Error(`RESP protocol error: unexpected type byte ${JSON.stringify(type)}`)
  }
}
