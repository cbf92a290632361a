import { describe, expect, it } from 'vitest'
import { parseModuleLines } from '../../../lib/parse/modules'
import { fixtureText, GARBAGE } from './fixture'

const STACK = fixtureText('info-modules-redis-stack-7.4.7.txt')
const REDISMOD = new URL(
  '../../fixtures/info-captures/redismod-6.0.1-modules-info.txt',
  import.meta.url
)

describe('parseModuleLines', () => {
  it('reads the module lines of redis-stack 7.4.7 INFO MODULES', () => {
    const modules = parseModuleLines(STACK)
    expect(modules.map((m) => m.name)).toEqual([
      'search',
      'RedisCompat',
      'bf',
      'redisgears_2',
      'timeseries',
      'ReJSON',
    ])
    expect(modules[0]).toEqual({
      name: 'search',
      ver: '21020',
      api: '1',
      filters: '0',
      usedby: '[]',
      using: '[ReJSON]',
    })
  })

  it('reads the CRLF module lines of redismod 6.0.1', async () => {
    const { readFileSync } = await import('node:fs')
    const names = parseModuleLines(readFileSync(REDISMOD, 'utf8')).map((m) => m.name)
    expect(names.length).toBeGreaterThanOrEqual(5)
    expect(names).toContain('search')
  })

  it.each<[string, unknown, number]>([
    ...GARBAGE.map(([name, x]): [string, unknown, number] => [name, x, 0]),
    ['no module lines', '# Modules\r\n', 0],
    // As redis_exporter: a module used by two others has more than seven comma-separated parts.
    ['eight parts', 'module:name=a,ver=1,api=1,filters=0,usedby=[b,c],using=[],options=[]', 0],
    ['six parts', 'module:name=a,ver=1,api=1,filters=0,usedby=[],using=[]', 0],
    ['seven parts', 'module:name=a,ver=1,api=1,filters=0,usedby=[b],using=[],options=[]', 1],
  ])('%s', (_name, text, count) => {
    expect(() => parseModuleLines(text)).not.toThrow()
    expect(parseModuleLines(text)).toHaveLength(count)
  })
})
