import { describe, expect, it } from 'vitest'
import {
  parseClientOutputBufferLimit,
  parseConfigGet,
  parseMemoryValue,
} from '../../../lib/parse/config-get'
import type { OutputBufferLimit } from '../../../lib/parse/config-get'
import { fixtureJson, GARBAGE } from './fixture'

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('parseConfigGet', () => {
  it.each<[string, unknown, Record<string, string>]>([
    ...GARBAGE.map(([name, x]): [string, unknown, Record<string, string>] => [name, x, {}]),
    ['an error string', 'ERR unknown command', {}],
    ['a dangling key', ['maxmemory'], {}],
    ['non-text keys and values skipped', [null, '1', 'a', {}, '', 'x', 'b', [1]], {}],
    [
      'flat RESP2 array',
      ['maxmemory', '0', 'databases', '16'],
      { maxmemory: '0', databases: '16' },
    ],
    ['last duplicate wins', ['a', '1', 'a', '2'], { a: '2' }],
    [
      'bytes and numbers',
      [bytes('databases'), 16, 'hz', bytes('10')],
      { databases: '16', hz: '10' },
    ],
    ['RESP3 Map', new Map([['maxclients', '10000']]), { maxclients: '10000' }],
    ['RESP3 plain object', { maxclients: '10000', bad: null }, { maxclients: '10000' }],
  ])('%s', (_name, reply, expected) => {
    expect(() => parseConfigGet(reply)).not.toThrow()
    expect(parseConfigGet(reply)).toEqual(expected)
  })

  it('has no prototype', () => {
    expect(parseConfigGet(['a', '1'])['constructor']).toBeUndefined()
  })

  it('reads the real CONFIG GET client-output-buffer-limit', () => {
    const config = parseConfigGet(
      fixtureJson('config-get-client-output-buffer-limit-redis-7.0.json')
    )
    expect(config).toEqual({
      'client-output-buffer-limit':
        'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
    })
    expect(parseClientOutputBufferLimit(config['client-output-buffer-limit'] ?? '')).toEqual([
      { class: 'normal', hardBytes: 0, softBytes: 0, softSeconds: 0 },
      { class: 'slave', hardBytes: 268435456, softBytes: 67108864, softSeconds: 60 },
      { class: 'pubsub', hardBytes: 33554432, softBytes: 8388608, softSeconds: 60 },
    ])
  })
})

describe('parseMemoryValue', () => {
  it.each<[unknown, number | undefined]>([
    [null, undefined],
    [1024, undefined],
    ['', undefined],
    ['mb', undefined],
    ['-1', undefined],
    ['12xb', undefined],
    ['1.2.3mb', undefined],
    ['inf', undefined],
    ['0', 0],
    ['1024', 1024],
    ['10b', 10],
    ['8k', 8000],
    ['8kb', 8192],
    ['64m', 64_000_000],
    ['64mb', 67108864],
    ['256MB', 268435456],
    ['1g', 1_000_000_000],
    ['1gb', 1073741824],
    ['1GB', 1073741824],
    [' 2 gb ', 2147483648],
    ['1.5kb', 1536],
  ])('%j -> %s', (raw, expected) => {
    expect(() => parseMemoryValue(raw)).not.toThrow()
    expect(parseMemoryValue(raw)).toEqual(expected)
  })
})

describe('parseClientOutputBufferLimit', () => {
  it.each<[string, unknown, OutputBufferLimit[]]>([
    ...GARBAGE.map(([name, x]): [string, unknown, OutputBufferLimit[]] => [name, x, []]),
    ['empty string', '', []],
    ['blanks', '  \r\n', []],
    ['a truncated group', 'normal 0 0', []],
    ['values without a class', '0 0 0 1 2 3', []],
    ['values that do not parse', 'normal x y z', []],
    ['negative seconds', 'normal 0 0 -1', []],
    [
      'a bad group does not shift the next one',
      'normal 0 0 slave 268435456 67108864 60',
      [{ class: 'slave', hardBytes: 268435456, softBytes: 67108864, softSeconds: 60 }],
    ],
    [
      'a truncated last group is dropped',
      'normal 0 0 0 pubsub 32mb',
      [{ class: 'normal', hardBytes: 0, softBytes: 0, softSeconds: 0 }],
    ],
    [
      'units, replica class name, extra spaces',
      '  replica  256mb 64mb 60   pubsub 32MB 8m 60 normal 1gb 8k 0 ',
      [
        { class: 'replica', hardBytes: 268435456, softBytes: 67108864, softSeconds: 60 },
        { class: 'pubsub', hardBytes: 33554432, softBytes: 8_000_000, softSeconds: 60 },
        { class: 'normal', hardBytes: 1073741824, softBytes: 8000, softSeconds: 0 },
      ],
    ],
  ])('%s', (_name, value, expected) => {
    expect(() => parseClientOutputBufferLimit(value as string)).not.toThrow()
    expect(parseClientOutputBufferLimit(value as string)).toEqual(expected)
  })
})
