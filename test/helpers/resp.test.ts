import { describe, expect, it } from 'vitest'
import { decodeReply, encodeCommand, RespDecoder, RespError } from './resp'

describe('encodeCommand', () => {
  it('encodes an array of bulk strings with byte lengths', () => {
    expect(encodeCommand(['SET', 'k', 'é', 42]).toString('utf8')).toBe(
      '*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n$2\r\n42\r\n'
    )
    expect(encodeCommand(['SET', 'k', '']).toString()).toBe(
      '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n'
    )
  })
})

describe('RespDecoder', () => {
  it.each([
    ['+OK\r\n', 'OK'],
    [':42\r\n', 42],
    [':-7\r\n', -7],
    ['$5\r\nhello\r\n', 'hello'],
    ['$0\r\n\r\n', ''],
    ['$-1\r\n', null],
    ['*-1\r\n', null],
    ['*0\r\n', []],
    ['*3\r\n:1\r\n$1\r\na\r\n*1\r\n+x\r\n', [1, 'a', ['x']]],
    ['$7\r\na\r\nb\r\nc\r\n', 'a\r\nb\r\nc'],
  ])('decodes %j', (wire, expected) => {
    expect(decodeReply(wire)).toEqual(expected)
  })

  it('decodes an error reply into RespError', () => {
    const v = decodeReply('-ERR unknown command\r\n')
    expect(v).toBeInstanceOf(RespError)
    expect(v).toBeInstanceOf(Error)
    expect((v as RespError).message).toBe('ERR unknown command')
  })

  it('keeps nested error replies inside arrays', () => {
    const v = decodeReply('*2\r\n+OK\r\n-WRONGTYPE nope\r\n') as unknown[]
    expect(v[0]).toBe('OK')
    expect(v[1]).toBeInstanceOf(RespError)
  })

  it('handles replies split at every byte, including inside CRLF and multi-byte characters', () => {
    const wire = Buffer.from('*2\r\n$5\r\nnaïv\r\n:5\r\n+PONG\r\n$-1\r\n')
    const d = new RespDecoder()
    const out: unknown[] = []
    for (const byte of wire) {
      d.push(Buffer.from([byte]))
      out.push(...d.drain())
    }
    expect(out).toEqual([['naïv', 5], 'PONG', null])
    expect(d.pendingBytes).toBe(0)
  })

  it('returns several replies from one chunk and keeps a partial tail', () => {
    const d = new RespDecoder()
    d.push('+A\r\n+B\r\n$3\r\nab')
    expect(d.drain()).toEqual(['A', 'B'])
    expect(d.next()).toBeUndefined()
    d.push('c\r\n')
    expect(d.next()).toEqual({ value: 'abc' })
  })

  it('decodes common RESP3 types', () => {
    expect(decodeReply('_\r\n')).toBeNull()
    expect(decodeReply('#t\r\n')).toBe(true)
    expect(decodeReply(',1.5\r\n')).toBe(1.5)
    expect(decodeReply('%1\r\n+k\r\n:1\r\n')).toEqual(['k', 1])
    expect(decodeReply('=8\r\ntxt:abcd\r\n')).toBe('abcd')
  })

  it('rejects garbage', () => {
    expect(() => decodeReply('?what\r\n')).toThrow(/protocol error/)
    expect(() => decodeReply('$2\r\nabc\r\n')).toThrow(/not followed by CRLF/)
  })
})
