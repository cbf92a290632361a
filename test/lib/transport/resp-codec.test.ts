import { describe, expect, it } from 'vitest'
import { ReplyError, RespDecoder } from '../../../lib/transport/resp-codec'
import {
  MAX_RESP_BULK,
  MAX_RESP_DEPTH,
  MAX_RESP_ELEMENTS,
  MAX_RESP_LINE,
} from '../../../lib/bounds'
import { retainedBytes } from '../../helpers/retained-heap'

/** Everything a decoder delivered for `chunks`, fed in order. */
function decode(chunks: readonly Uint8Array[]): { replies: unknown[]; fatal: Error[] } {
  const replies: unknown[] = []
  const fatal: Error[] = []
  const decoder = new RespDecoder({ reply: (v) => replies.push(v), fatal: (e) => fatal.push(e) })
  for (const chunk of chunks) decoder.feed(chunk)
  return { replies, fatal }
}

const bytes = (s: string | Buffer): Uint8Array => (typeof s === 'string' ? Buffer.from(s) : s)

/** `data` one byte at a time. */
const byteByByte = (data: Uint8Array): Uint8Array[] =>
  Array.from(data, (_, i) => data.subarray(i, i + 1))

/** `data` cut at pseudo-random places (seeded: a failure reproduces). */
function randomChunks(data: Uint8Array, seed: number): Uint8Array[] {
  const out: Uint8Array[] = []
  let s = seed
  for (let at = 0; at < data.length;) {
    s = (s * 1103515245 + 12345) % 2 ** 31
    const size = 1 + (s % 17)
    out.push(data.subarray(at, at + size))
    at += size
  }
  return out
}

/** `data` in chunks of `size` bytes, as a socket reads a large reply. */
const inChunks = (data: Uint8Array, size: number): Uint8Array[] =>
  Array.from({ length: Math.ceil(data.length / size) }, (_, i) =>
    data.subarray(i * size, (i + 1) * size)
  )

/** Every way to cut `data` in two. */
const splits = (data: Uint8Array): Uint8Array[][] =>
  Array.from({ length: data.length - 1 }, (_, i) => [data.subarray(0, i + 1), data.subarray(i + 1)])

const err = (message: string) => new ReplyError(message)

// Each wire reply and what ioredis (default legacy reply mapping) gives for it.
const CASES: [string, string, unknown][] = [
  ['simple string', '+OK\r\n', 'OK'],
  ['empty simple string', '+\r\n', ''],
  ['error', '-ERR unknown command\r\n', err('ERR unknown command')],
  ['integer', ':1234\r\n', 1234],
  ['negative integer', ':-42\r\n', -42],
  ['zero', ':0\r\n', 0],
  ['bulk string', '$5\r\nhello\r\n', 'hello'],
  ['empty bulk string', '$0\r\n\r\n', ''],
  ['bulk string holding CRLF', '$8\r\nab\r\ncd\r\n\r\n', 'ab\r\ncd\r\n'],
  ['UTF-8 bulk string', '$10\r\ncafé 🙂\r\n', 'café 🙂'],
  ['long ASCII bulk string', `$40\r\n${'x'.repeat(40)}\r\n`, 'x'.repeat(40)],
  ['RESP2 null bulk', '$-1\r\n', null],
  ['RESP2 null array', '*-1\r\n', null],
  ['empty array', '*0\r\n', []],
  ['array', '*3\r\n:1\r\n$1\r\na\r\n+b\r\n', [1, 'a', 'b']],
  ['nested arrays', '*2\r\n*2\r\n:1\r\n:2\r\n*1\r\n*0\r\n', [[1, 2], [[]]]],
  ['array holding a null and an error', '*3\r\n$-1\r\n-ERR x\r\n_\r\n', [null, err('ERR x'), null]],
  ['RESP3 null', '_\r\n', null],
  ['RESP3 true', '#t\r\n', 1],
  ['RESP3 false', '#f\r\n', 0],
  ['RESP3 double', ',3.14\r\n', '3.14'],
  ['RESP3 double inf', ',-inf\r\n', '-inf'],
  ['RESP3 double exponent', ',1.5e-7\r\n', '1.5e-7'],
  [
    'RESP3 big number',
    '(3492890328409238509324850943850943825024385\r\n',
    '3492890328409238509324850943850943825024385',
  ],
  ['RESP3 verbatim string', '=15\r\ntxt:Some string\r\n', 'Some string'],
  ['RESP3 blob error', '!21\r\nSYNTAX invalid syntax\r\n', err('SYNTAX invalid syntax')],
  ['RESP3 set', '~2\r\n+a\r\n:1\r\n', ['a', 1]],
  [
    'RESP3 map, flat',
    '%2\r\n+first\r\n:1\r\n+second\r\n*1\r\n,2.5\r\n',
    ['first', 1, 'second', ['2.5']],
  ],
  ['RESP3 empty map', '%0\r\n', []],
  ['RESP3 push before a reply: dropped', '>2\r\n+invalidate\r\n*1\r\n$1\r\nk\r\n:7\r\n', 7],
  ['RESP3 attribute before a reply: dropped', '|1\r\n+ttl\r\n:3600\r\n$2\r\nhi\r\n', 'hi'],
  ['RESP3 attribute inside an array', '*2\r\n|1\r\n+a\r\n+b\r\n:1\r\n:2\r\n', [1, 2]],
]

describe("RespDecoder: every RESP2/RESP3 type, in ioredis's shapes", () => {
  it.each(CASES)('%s, whole', (_name, wire, expected) => {
    expect(decode([bytes(wire)])).toEqual({ replies: [expected], fatal: [] })
  })

  it.each(CASES)('%s, one byte at a time', (_name, wire, expected) => {
    expect(decode(byteByByte(bytes(wire)))).toEqual({ replies: [expected], fatal: [] })
  })

  it.each(CASES)('%s, cut in two at every byte', (_name, wire, expected) => {
    for (const chunks of splits(bytes(wire))) {
      expect(decode(chunks)).toEqual({ replies: [expected], fatal: [] })
    }
  })

  it('gives error replies the name the transport tells them by', () => {
    const [reply] = decode([bytes('-WRONGTYPE Operation\r\n')]).replies
    expect(reply).toBeInstanceOf(Error)
    expect((reply as Error).name).toBe('ReplyError')
    expect((reply as Error).message).toBe('WRONGTYPE Operation')
  })

  it('delivers every reply of a stream in order, however it is cut', () => {
    const wire = bytes(CASES.map(([, w]) => w).join(''))
    const expected = CASES.map(([, , v]) => v)
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      expect(decode(randomChunks(wire, seed))).toEqual({ replies: expected, fatal: [] })
    }
    expect(decode(byteByByte(wire))).toEqual({ replies: expected, fatal: [] })
  })

  it('reads a large bulk string cut into many chunks', () => {
    const body = 'k=v,'.repeat(100_000)
    const wire = bytes(`$${body.length}\r\n${body}\r\n:1\r\n`)
    expect(decode(inChunks(wire, 65536))).toEqual({ replies: [body, 1], fatal: [] })
  })

  it('decodes invalid UTF-8 with replacement characters, as Buffer#toString does', () => {
    const wire = Buffer.concat([
      Buffer.from('$3\r\na'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('\r\n'),
    ])
    expect(decode([wire]).replies).toEqual([Buffer.from([0x61, 0xff, 0xfe]).toString()])
  })
})

const HOSTILE: [string, string | Buffer, RegExp][] = [
  ['a bulk length past the cap', `$${MAX_RESP_BULK + 1}\r\n`, /^reply larger than 16777216 bytes/],
  ['a huge bulk length', '$99999999999999999999\r\n', /^reply larger than/],
  ['a negative bulk length', '$-5\r\n', /bulk length "-5" is not one/],
  ['a bulk length that is not a number', '$abc\r\nabc\r\n', /bulk length "abc"/],
  ['a bulk string without its CRLF', '$3\r\nabcXY', /not followed by CRLF/],
  ['an element count past the cap', `*${MAX_RESP_ELEMENTS + 1}\r\n`, /element count/],
  ['a map count past the cap', `%${MAX_RESP_ELEMENTS / 2 + 1}\r\n`, /element count/],
  ['a negative element count', '*-3\r\n', /element count "-3"/],
  ['nesting past the depth cap', '*1\r\n'.repeat(MAX_RESP_DEPTH + 1), /nested deeper than 64/],
  ['an HTTP response', 'HTTP/1.1 400 Bad Request\r\n\r\n', /^Unknown RESP type 72 "H"$/],
  [
    'a TLS alert',
    Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28, 0x0d, 0x0a]),
    /^Unknown RESP type 21 "\\u0015"$/,
  ],
  ['a line with no end', `+${'a'.repeat(MAX_RESP_LINE + 10)}`, /a line longer than 16777216 bytes/],
]

describe('RespDecoder: hostile input is one bounded protocol error, never a throw', () => {
  it.each(HOSTILE)('%s', (_name, wire, message) => {
    const data = bytes(wire)
    const cut = data.length < 100_000 ? randomChunks(data, 3) : inChunks(data, 65536)
    for (const chunks of [[data], cut]) {
      const { replies, fatal } = decode([...chunks, bytes('+after\r\n')])
      expect(replies).toEqual([])
      expect(fatal).toHaveLength(1)
      expect(fatal[0]!.message).toMatch(/^(Protocol error: |Unknown RESP type |reply larger than)/)
      expect(fatal[0]!.message).toMatch(message)
      expect(fatal[0]!.message.length).toBeLessThan(200)
    }
  })

  it('allocates nothing for a declared count before its elements arrive', () => {
    const { replies, fatal } = decode([bytes(`*${MAX_RESP_ELEMENTS}\r\n`.repeat(MAX_RESP_DEPTH))])
    expect({ replies, fatal }).toEqual({ replies: [], fatal: [] })
  })

  it('reads a million-character error line cut into many chunks (ioredis reads any length)', () => {
    const line = `-ERR ${'x'.repeat(1_000_000)}`
    const { replies, fatal } = decode(inChunks(bytes(`${line}\r\n+OK\r\n`), 65536))
    expect(fatal).toEqual([])
    expect(replies).toEqual([new ReplyError(line.slice(1)), 'OK'])
  })

  it('never throws on random RESP-like bytes or on corrupted replies, however they are cut', () => {
    let seed = 7
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n
    const alphabet = Buffer.from('+-:$*_#,(=!~%>|0123456789\r\n\r\nab-')
    const wire = bytes(CASES.map(([, w]) => w).join(''))
    for (let n = 0; n < 500; n++) {
      const random = Uint8Array.from(
        { length: 1 + rand(200) },
        () => alphabet[rand(alphabet.length)]!
      )
      const corrupted = Uint8Array.from(wire)
      corrupted[rand(corrupted.length)] = alphabet[rand(alphabet.length)]!
      for (const data of [random, corrupted]) {
        const { fatal } = decode(randomChunks(data, n))
        expect(fatal.length).toBeLessThanOrEqual(1)
      }
    }
  })

  it('keeps the replies decoded before the bad byte', () => {
    const { replies, fatal } = decode([bytes('+one\r\n:2\r\n?garbage\r\n+three\r\n')])
    expect(replies).toEqual(['one', 2])
    expect(fatal).toHaveLength(1)
  })
})

describe('RespDecoder memory', () => {
  it('keeps no reply once delivered: an idle connection holds none of its last INFO text', () => {
    // 20 decoders (connections), each fed one ~200 KB bulk reply that its sink reads and drops.
    let delivered = 0
    const decoders = () =>
      Array.from({ length: 20 }, (_, i) => {
        const decoder = new RespDecoder({
          reply: (v) => void (delivered += (v as string).length),
          fatal: (e) => {
            throw e
          },
        })
        const text = `# Server\r\nrun_id:${i}\r\n${'x'.repeat(200_000)}`
        decoder.feed(bytes(`$${text.length}\r\n${text}\r\n`))
        return decoder
      })
    const bytesKept = retainedBytes(decoders)
    expect(delivered).toBeGreaterThan(20 * 200_000)
    expect(bytesKept).toBeLessThan(1_000_000)
  })
})
