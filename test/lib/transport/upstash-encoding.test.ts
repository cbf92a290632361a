import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { decodeUpstashValue } from '../../../lib/transport/upstash-encoding'

const b64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)))

describe('decodeUpstashValue', () => {
  it('decodes a real INFO reply (ASCII) to the same text', () => {
    const info = readFileSync(
      new URL('../../fixtures/info-captures/redis-7.4.0-master-replicated.txt', import.meta.url),
      'utf8'
    )
    expect(decodeUpstashValue(b64(info))).toBe(info)
  })

  it.each<[string, unknown, unknown]>([
    ['a base64 string', b64('redis_version:6.2.6\r\n'), 'redis_version:6.2.6\r\n'],
    ['UTF-8 beyond ASCII', b64('clé: ü€'), 'clé: ü€'],
    ['the status reply OK, left as it is', 'OK', 'OK'],
    ['a string that is not base64, left as it is', 'not base64!', 'not base64!'],
    ['a number', 42, 42],
    ['null', null, null],
    [
      'an array, element by element',
      [b64('a'), 7, [b64('b'), null], 'OK'],
      ['a', 7, ['b', null], 'OK'],
    ],
    ['an empty string', '', ''],
    ['ASCII with a control byte', b64('a\u0001\u007fb'), 'a\u0001\u007fb'],
    [
      'invalid UTF-8 (a lone continuation byte), as TextDecoder replaces it',
      btoa('a\x80b'),
      'a\ufffdb',
    ],
  ])('decodes %s', (_what, raw, decoded) => {
    expect(decodeUpstashValue(raw)).toEqual(decoded)
  })
})
