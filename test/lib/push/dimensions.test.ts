import { describe, expect, it } from 'vitest'
import {
  MAX_USER_DIMENSIONS,
  RESERVED_DIMENSIONS,
  addDimension,
  MAX_DIMENSION_VALUE,
  checkDimensionCount,
  dimensionValue,
  hasControlCharacters,
  parseDimensions,
} from '../../../lib/push/dimensions'
import { configErrorText } from '../../helpers/config-error'

const V = 'REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS'

describe('parseDimensions', () => {
  it.each<[string, string, Record<string, string>]>([
    ['', ',', {}],
    ['env=prod', ',', { env: 'prod' }],
    [' env = prod , team=cache-1 ,', ',', { env: 'prod', team: 'cache-1' }],
    ['a.b-c_d=x=y', ',', { 'a.b-c_d': 'x=y' }],
    ['env=prod;team=x', ';', { env: 'prod', team: 'x' }],
  ])('%j (separator %j) -> %o', (raw, separator, expected) => {
    expect(parseDimensions(V, raw, 'redis_', separator)).toEqual(expected)
  })

  it.each<[string, string]>([
    ['env', 'is not key=value'],
    ['redis://u:hunter2@h:1', 'is not key=value'],
    ['1env=x', 'is not valid'],
    [`${'a'.repeat(251)}=x`, 'is not valid'],
    ['target=x', 'is reserved'],
    ['role=x', 'is reserved'],
    ['redis_up=x', 'is reserved'],
    ['env=', 'needs a value of 1 to 1024'],
    [`env=${'x'.repeat(1025)}`, 'needs a value of 1 to 1024'],
    ['env=a\tb', 'needs a value of 1 to 1024'],
    ['env=a,env=b', 'is given twice'],
  ])('refuses %j, naming the variable', (raw, message) => {
    const text = configErrorText(() => parseDimensions(V, raw, 'redis_'))
    expect(text.startsWith(`${V}: `)).toBe(true)
    expect(text).toContain(message)
    expect(text).not.toContain('hunter2')
  })
})

describe('addDimension', () => {
  it('adds to what is there and refuses a second one of the same name', () => {
    const into: Record<string, string> = { env: 'prod' }
    addDimension(into, V, 'team', 'cache', 'redis_')
    expect(into).toEqual({ env: 'prod', team: 'cache' })
    expect(configErrorText(() => addDimension(into, V, 'team', 'other', 'redis_'))).toContain(
      'twice'
    )
  })

  it('reserves the dimensions every data point carries', () => {
    for (const name of RESERVED_DIMENSIONS)
      expect(configErrorText(() => addDimension({}, V, name, 'x', 'redis_'))).toContain('reserved')
  })
})

describe('checkDimensionCount', () => {
  it('lets 28 user dimensions through (target and role make 30) and refuses 29', () => {
    expect(MAX_USER_DIMENSIONS).toBe(30 - RESERVED_DIMENSIONS.length)
    expect(() => checkDimensionCount(V, 'target a:1', MAX_USER_DIMENSIONS)).not.toThrow()
    expect(configErrorText(() => checkDimensionCount(V, 'target a:1', 29))).toBe(
      `${V}: target a:1 has 29 dimensions; at most 28 fit besides target and role`
    )
  })
})

describe('hasControlCharacters', () => {
  it.each<[string, boolean]>([
    ['plain text', false],
    ['ünïcödé €', false],
    ['tab\there', true],
    ['new\nline', true],
    ['del\x7f', true],
    ['', false],
  ])('%j -> %s', (text, has) => {
    expect(hasControlCharacters(text)).toBe(has)
  })
})

describe('dimensionValue', () => {
  it.each<[string, string | undefined]>([
    ['queue:emails', 'queue:emails'],
    ['ünïcödé €', 'ünïcödé €'],
    ['tab\there\x00', 'tab\\x09here\\x00'],
    ['del\x7f', 'del\\x7f'],
    ['', undefined],
  ])('%j -> %j', (text, value) => {
    expect(dimensionValue(text)).toBe(value)
  })

  it.each([
    ['ASCII', 'k'.repeat(5000), 1024],
    ['2-byte characters', 'é'.repeat(5000), 1024],
    ['4-byte characters', '😀'.repeat(5000), 1024],
    ['escapes', '\x01'.repeat(5000), 1024],
  ])('cuts %s to at most 1024 UTF-8 bytes on a character boundary', (_what, text, max) => {
    const value = dimensionValue(text)!
    const bytes = new TextEncoder().encode(value).length
    expect(bytes).toBeLessThanOrEqual(max)
    expect(bytes).toBeGreaterThan(max - 5)
    expect(MAX_DIMENSION_VALUE).toBe(max)
    expect(value.endsWith('\ud83d')).toBe(false)
    expect(text.startsWith(value) || value.startsWith('\\x01')).toBe(true)
  })
})
