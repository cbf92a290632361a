import { describe, expect, it } from 'vitest'
import { MAX_INFO_LINES, MAX_INFO_TEXT } from '../../../lib/bounds'
import { infoSections, parseInfo, readInfo } from '../../../lib/parse/info'
import { captures, fixtureText, GARBAGE } from './fixture'

describe('parseInfo', () => {
  it.each<[string, unknown, Record<string, string>]>([
    ...GARBAGE.map(([name, x]): [string, unknown, Record<string, string>] => [name, x, {}]),
    ['empty string', '', {}],
    ['only blank lines (CRLF)', '\r\n\r\n\r\n', {}],
    ['only blank lines (LF)', '\n\n', {}],
    ['a lone CR', '\r', {}],
    ['only a header', '# Server\r\n', {}],
    ['a header that contains a colon', '# Odd: header\r\n', {}],
    ['a line without a colon', 'no colon here\r\n', {}],
    ['an empty field name', ':value\r\n', {}],
    ['a truncated last line', 'a:1\r\nredis_ver', { a: '1' }],
    ['a line cut after the colon', 'a:1\r\nb:', { a: '1', b: '' }],
    [
      'a value that does not parse is kept raw',
      'used_memory_human:1.19M',
      { used_memory_human: '1.19M' },
    ],
    ['CRLF', '# Server\r\na:1\r\nb:2\r\n', { a: '1', b: '2' }],
    ['LF', '# Server\na:1\nb:2\n', { a: '1', b: '2' }],
    ['mixed CRLF and LF, no final newline', 'a:1\nb:2\r\nc:3', { a: '1', b: '2', c: '3' }],
    ['split at the FIRST colon', 'os:Linux 6.1:x86_64\r\n', { os: 'Linux 6.1:x86_64' }],
    ['IPv6 master_host', 'master_host:::1\r\n', { master_host: '::1' }],
    ['last occurrence wins', 'a:1\r\n# Other\r\na:2\r\n', { a: '2' }],
    ['unknown fields kept', 'future_field:xyz\r\n', { future_field: 'xyz' }],
    ['bytes are decoded', new TextEncoder().encode('a:1\r\n'), { a: '1' }],
  ])('%s', (_name, text, expected) => {
    expect(() => parseInfo(text as string)).not.toThrow()
    expect(parseInfo(text as string)).toEqual(expected)
  })

  it('has no prototype: inherited names are not fields, __proto__ is an ordinary field', () => {
    const info = parseInfo('__proto__:x\r\na:1\r\n')
    expect(info['__proto__']).toBe('x')
    expect(info['constructor']).toBeUndefined()
    expect(info['toString']).toBeUndefined()
    expect(Object.keys(info)).toEqual(['__proto__', 'a'])
  })

  it('reads huge input (200k lines, ~5 MB) up to its MAX_INFO_LINES-th line', () => {
    const lines: string[] = ['# Huge']
    for (let i = 0; i < 200_000; i++) lines.push(`field_${i}:${i}`)
    const info = parseInfo(lines.join('\r\n'))
    // The header is line 1, so the last field read is field_<MAX_INFO_LINES - 2>.
    expect(Object.keys(info)).toHaveLength(MAX_INFO_LINES - 1)
    expect(info['field_0']).toBe('0')
    expect(info[`field_${MAX_INFO_LINES - 2}`]).toBe(String(MAX_INFO_LINES - 2))
    expect(info[`field_${MAX_INFO_LINES - 1}`]).toBeUndefined()
    expect(info['field_199999']).toBeUndefined()
  })

  it.each([
    ['a line ending exactly at the limit is read', MAX_INFO_TEXT - 'big:\n'.length, true],
    ['a line crossing the limit is not', MAX_INFO_TEXT, false],
  ])('reads no further than MAX_INFO_TEXT characters: %s', (_what, length, read) => {
    const text = `a:1\n${'big:'.padEnd(length + 'big:'.length - 4, 'x')}\nafter:2\n`
    const info = parseInfo(text)
    expect(info['a']).toBe('1')
    expect(info['big'] !== undefined).toBe(read)
    expect(info['after']).toBeUndefined()
  })

  it('reads nothing of a single line longer than MAX_INFO_TEXT', () => {
    expect(parseInfo(`big:${'x'.repeat(MAX_INFO_TEXT)}`)).toEqual({})
  })

  it('lists only the sections within the first MAX_INFO_LINES lines', () => {
    const filler = Array.from({ length: MAX_INFO_LINES }, (_, i) => `f${i}:1`)
    const text = ['# Server', ...filler, '# Keyspace', 'db0:keys=1,expires=0'].join('\r\n')
    expect(infoSections(text)).toEqual(['server'])
    expect(parseInfo(text)['db0']).toBeUndefined()
  })

  it('handles a single 1 MB line', () => {
    const info = parseInfo(`big:${'x'.repeat(1_000_000)}`)
    expect(info['big']).toHaveLength(1_000_000)
  })

  describe('real INFO ALL from redis-server 7.0.15 (CRLF kept)', () => {
    const text = fixtureText('info-redis-7.0.txt')
    const info = parseInfo(text)

    it('is really CRLF', () => {
      expect(text.includes('\r\n')).toBe(true)
    })

    it.each<[string, string]>([
      ['redis_version', '7.0.15'],
      ['redis_mode', 'standalone'],
      ['tcp_port', '26401'],
      ['role', 'master'],
      ['rdb_last_bgsave_status', 'ok'],
      ['used_memory_human', '1.18M'],
      ['used_memory_peak_perc', '98.89%'],
      ['maxmemory_policy', 'noeviction'],
      ['total_error_replies', '4'],
      ['cluster_enabled', '0'],
      ['db0', 'keys=15,expires=3,avg_ttl=3599745'],
      ['cmdstat_config|get', 'calls=1,usec=7,usec_per_call=7.00,rejected_calls=0,failed_calls=0'],
      ['errorstat_WRONGTYPE', 'count=1'],
    ])('%s = %s', (field, value) => {
      expect(info[field]).toBe(value)
    })

    it('keeps no CR in any field or value, and no headers', () => {
      for (const [k, v] of Object.entries(info)) {
        expect(k).not.toMatch(/[\r\n#]/)
        expect(v).not.toMatch(/[\r\n]/)
      }
    })

    it('gives the same record for the LF version', () => {
      expect(parseInfo(text.replaceAll('\r\n', '\n'))).toEqual(info)
    })
  })
})

describe('infoSections', () => {
  it.each<[string, unknown, string[]]>([
    ...GARBAGE.map(([name, x]): [string, unknown, string[]] => [name, x, []]),
    ['empty string', '', []],
    ['fields only', 'a:1\r\nb:2', []],
    ['a bare #', '#\r\n# \r\n', []],
    ['CRLF', '# Server\r\na:1\r\n\r\n# Clients\r\n', ['server', 'clients']],
    ['LF, odd spacing and case', '#   KeySpace  \n#CPU\n', ['keyspace', 'cpu']],
    ['a truncated header', 'a:1\r\n# Memo', ['memo']],
  ])('%s', (_name, text, expected) => {
    expect(() => infoSections(text as string)).not.toThrow()
    expect(infoSections(text as string)).toEqual(expected)
  })

  it('lists the sections of the real INFO ALL in order', () => {
    expect(infoSections(fixtureText('info-redis-7.0.txt'))).toEqual([
      'server',
      'clients',
      'memory',
      'persistence',
      'stats',
      'replication',
      'cpu',
      'modules',
      'commandstats',
      'errorstats',
      'latencystats',
      'cluster',
      'keyspace',
    ])
  })
})

describe('readInfo', () => {
  /** A plain reading of the format: split into lines, then each at its first colon. */
  const reference = (text: string) => {
    const info: Record<string, string> = {}
    const sections: string[] = []
    for (const line of text.split(/\r?\n/)) {
      if (line.startsWith('#')) {
        const name = line.slice(1).trim().toLowerCase()
        if (name !== '') sections.push(name)
      } else if (line.indexOf(':') > 0) {
        info[line.slice(0, line.indexOf(':'))] = line.slice(line.indexOf(':') + 1)
      }
    }
    return { info, sections }
  }

  it.each(Object.entries(captures()))('reads %s in one pass as a line split does', (_n, text) => {
    const { info, sections } = readInfo(text)
    const expected = reference(text)
    expect({ ...info }).toEqual(expected.info)
    expect(Object.keys(info)).toEqual(Object.keys(expected.info))
    expect(sections).toEqual(expected.sections)
    expect(info).toEqual(parseInfo(text))
    expect(sections).toEqual(infoSections(text))
  })

  it.each<[string, string, Record<string, string>, string[]]>([
    ['lines without a colon before ones with', 'a\nb\n# S\nc:1\n', { c: '1' }, ['s']],
    ['a colon only in a later line', 'no colon\r\nx:1', { x: '1' }, []],
    ['a colon in a header is not a field', '# A:b\r\nc:d', { c: 'd' }, ['a:b']],
    ['an empty name, then a field', ':x\n:y:z\nk:v', { k: 'v' }, []],
  ])('%s', (_name, text, info, sections) => {
    expect(readInfo(text)).toEqual({ info, sections })
  })
})
