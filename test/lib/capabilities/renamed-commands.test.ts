import { describe, expect, it } from 'vitest'
import {
  commandName,
  parseRenamedCommands,
  renamesFor,
} from '../../../lib/capabilities/renamed-commands'
import { ConfigError } from '../../../lib/errors'
import { parseTarget } from '../../../lib/target'

const V = 'REDIS_EXPORTER_RENAMED_COMMANDS'

describe('parseRenamedCommands', () => {
  it.each([
    ['FLUSHALL=x', '"FLUSHALL" cannot be renamed'],
    ['CONFIG', 'lacks =name'],
    ['INFO=-', 'INFO is required'],
    ['CONFIG=has space', 'is not a command name'],
    ['{"*": 1}', 'must be a string'],
    ['{"*": "CONFIG=x"', 'is not valid JSON'],
    ['[1]', '"[1]" cannot be renamed'],
    ['{"redis://:hunter2@h:1/x y": "CONFIG=x"}', 'key "redis://:<redacted>@h:1/x y"'],
  ])('rejects %j naming the variable and the problem', (raw, reason) => {
    expect(() => parseRenamedCommands(V, raw)).toThrow(ConfigError)
    expect(() => parseRenamedCommands(V, raw)).toThrow(V)
    expect(() => parseRenamedCommands(V, raw)).toThrow(reason)
    try {
      parseRenamedCommands(V, raw)
    } catch (err) {
      expect(String(err)).not.toContain('hunter2')
    }
  })

  it.each([
    ['', {}],
    ['CONFIG=xyz,SLOWLOG=abc', { CONFIG: 'xyz', SLOWLOG: 'abc' }],
    [' config = xyz , latency=- , client= ', { CONFIG: 'xyz', LATENCY: null, CLIENT: null }],
    ['CLUSTER=c1,INFO=i2', { CLUSTER: 'c1', INFO: 'i2' }],
  ])('reads the flat form %j', (raw, all) => {
    const settings = parseRenamedCommands(V, raw)
    expect(settings.all).toEqual(all)
    expect(settings.byTarget.size).toBe(0)
  })

  it('reads the JSON form: * for every target, per-target entries merged over it', () => {
    const settings = parseRenamedCommands(
      V,
      JSON.stringify({
        '*': 'CONFIG=-,SLOWLOG=s0',
        'redis://Cache-B:6380': 'CONFIG=cfg',
        'c:1': 'LATENCY=l',
      })
    )
    expect(renamesFor(settings, parseTarget('redis://cache-b:6380'))).toEqual({
      CONFIG: 'cfg',
      SLOWLOG: 's0',
    })
    expect(renamesFor(settings, parseTarget('c:1'))).toEqual({
      CONFIG: null,
      SLOWLOG: 's0',
      LATENCY: 'l',
    })
    expect(renamesFor(settings, parseTarget('redis://other:6379'))).toEqual({
      CONFIG: null,
      SLOWLOG: 's0',
    })
    expect(renamesFor(settings, undefined)).toEqual({ CONFIG: null, SLOWLOG: 's0' })
  })
})

describe('commandName', () => {
  it.each<[string, string | undefined]>([
    ['SLOWLOG', 'abc'],
    ['slowlog', 'abc'],
    ['LATENCY', undefined],
    ['INFO', 'INFO'],
  ])('%s -> %s', (name, expected) => {
    expect(commandName({ SLOWLOG: 'abc', LATENCY: null }, name)).toBe(expected)
  })
})
