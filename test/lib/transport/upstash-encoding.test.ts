import { describe, expect, it } from 'vitest'
import { decodeUpstashValue } from '../../../lib/transport/upstash-encoding'

const b64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)))

describe('decodeUpstashValue', () => {
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
  ])('decodes %s', (_what, raw, decoded) => {
    expect(decodeUpstashValue(raw)).toEqual(decoded)
  })
})
