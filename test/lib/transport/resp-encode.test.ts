import { describe, expect, it } from 'vitest'
import { encodeCommand, utf8Length } from '../../../lib/transport/resp-encode'

describe('encodeCommand', () => {
  it.each<[string, string[], number, string]>([
    ['one word', ['PING'], 0, '*1\r\n$4\r\nPING\r\n'],
    ['arguments', ['INFO', 'ALL'], 0, '*2\r\n$4\r\nINFO\r\n$3\r\nALL\r\n'],
    [
      "ioredis's 'call' method name left out",
      ['call', 'TYPE', 'k'],
      1,
      '*2\r\n$4\r\nTYPE\r\n$1\r\nk\r\n',
    ],
    ['an empty argument', ['GET', ''], 0, '*2\r\n$3\r\nGET\r\n$0\r\n\r\n'],
    ['UTF-8 lengths in bytes', ['GET', 'café🙂'], 0, '*2\r\n$3\r\nGET\r\n$9\r\ncafé🙂\r\n'],
  ])('%s', (_name, args, from, wire) => {
    expect(encodeCommand(args, from)).toBe(wire)
  })
})

describe('utf8Length', () => {
  it.each(['', 'ascii', 'é', 'ü€', '🙂', 'a🙂b', '\ud83d', 'x\udc00y', '\u07ff\u0800\uffff'])(
    '%j is as long as Node encodes it',
    (s) => {
      expect(utf8Length(s)).toBe(Buffer.byteLength(s, 'utf8'))
    }
  )
})
