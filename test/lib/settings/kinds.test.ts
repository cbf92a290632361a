import { describe, expect, it } from 'vitest'
import {
  parseBool,
  parseDuration,
  parseEnum,
  parseInteger,
  parseList,
  quoted,
} from '../../../lib/settings/kinds'
import { configErrorText } from '../../helpers/config-error'

describe('parseBool', () => {
  it.each([
    ['maybe', 'X: "maybe" is not a boolean (expected true or false)'],
    ['2', 'X: "2" is not a boolean (expected true or false)'],
    ['y', 'X: "y" is not a boolean (expected true or false)'],
    ['truee', 'X: "truee" is not a boolean (expected true or false)'],
  ])('rejects %j', (raw, message) => {
    expect(configErrorText(() => parseBool('X', raw))).toBe(message)
  })

  it.each([
    ['1', true],
    ['t', true],
    ['TRUE', true],
    [' yes ', true],
    ['On', true],
    ['0', false],
    ['f', false],
    ['False', false],
    ['no', false],
    ['OFF', false],
  ])('reads %j as %s', (raw, value) => {
    expect(parseBool('X', raw)).toBe(value)
  })

  it('does not echo the value of a secret', () => {
    expect(configErrorText(() => parseBool('X', 'hunter2', true))).toBe(
      'X: is not a boolean (expected true or false)'
    )
  })
})

describe('parseDuration', () => {
  it.each([
    ['', 'is not a duration'],
    ['s', 'is not a duration'],
    ['5 s', 'is not a duration'],
    ['5x', 'is not a duration'],
    ['1e3', 'is not a duration'],
    ['NaN', 'is not a duration'],
    ['-1s', 'is not a duration'],
    ['11', 'X: 11 is out of range (expected between 1s and 10s)'],
    ['500ms', 'X: 500ms is out of range (expected between 1s and 10s)'],
  ])('rejects %j', (raw, message) => {
    expect(configErrorText(() => parseDuration('X', raw, { min: 1, max: 10 }))).toContain(message)
  })

  it.each([
    ['5s', 5],
    ['500ms', 0.5],
    ['1m30s', 90],
    ['1h', 3600],
    ['2', 2],
    ['0.25', 0.25],
    [' 7s ', 7],
  ])('reads %j as %d seconds', (raw, seconds) => {
    expect(parseDuration('X', raw, { min: 0, max: 10_000 })).toBe(seconds)
  })
})

describe('parseInteger', () => {
  const bounds = { min: 0, max: 10, what: 'a number of retries' }
  it.each([
    ['11', 'X: "11" is not a number of retries (expected 0 to 10)'],
    ['-1', 'X: "-1" is not a number of retries (expected 0 to 10)'],
    ['1.5', 'X: "1.5" is not a number of retries (expected 0 to 10)'],
    ['two', 'X: "two" is not a number of retries (expected 0 to 10)'],
    ['0x2', 'X: "0x2" is not a number of retries (expected 0 to 10)'],
  ])('rejects %j', (raw, message) => {
    expect(configErrorText(() => parseInteger('X', raw, bounds))).toBe(message)
  })

  it.each([
    ['0', 0],
    ['10', 10],
    [' 3 ', 3],
    ['03', 3],
  ])('reads %j as %d', (raw, value) => {
    expect(parseInteger('X', raw, bounds)).toBe(value)
  })

  it('says "a whole number" without a description', () => {
    expect(configErrorText(() => parseInteger('X', 'x', { min: 1, max: 2 }))).toBe(
      'X: "x" is not a whole number (expected 1 to 2)'
    )
  })
})

describe('parseList', () => {
  it.each<[string, string[]]>([
    ['', []],
    [',', []],
    [' , ,', []],
    ['a', ['a']],
    [' a , b ,, c ', ['a', 'b', 'c']],
    ['a b,c', ['a b', 'c']],
  ])('reads %j as %j', (raw, items) => {
    expect(parseList(raw)).toEqual(items)
  })
})

describe('parseEnum', () => {
  it.each([
    ['4', 'X: "4" is not a RESP version (expected 2, 3)'],
    ['', 'X: "" is not a RESP version (expected 2, 3)'],
    ['2.0', 'X: "2.0" is not a RESP version (expected 2, 3)'],
  ])('rejects %j', (raw, message) => {
    expect(configErrorText(() => parseEnum('X', raw, ['2', '3'], 'a RESP version'))).toBe(message)
  })

  it('says "a valid value" without a description', () => {
    expect(configErrorText(() => parseEnum('X', 'z', ['a', 'b']))).toBe(
      'X: "z" is not a valid value (expected a, b)'
    )
  })

  it.each([
    ['CLUSTER', 'cluster'],
    ['Off', 'off'],
    [' txt ', 'TXT'],
  ])('matches %j case-insensitively, returning %j as the table spells it', (raw, value) => {
    expect(parseEnum('X', raw, ['off', 'cluster', 'TXT'])).toBe(value)
  })
})

describe('quoted', () => {
  it.each([
    ['plain', false, '"plain" '],
    ['redis://u:S3cretPw@h:1', false, '"redis://u:<redacted>@h:1" '],
    ['x'.repeat(200), false, `"${'x'.repeat(79)}…" `],
    ['hunter2', true, ''],
  ])('shows %j (secret %s) as %j', (value, secret, shown) => {
    expect(quoted(value, secret)).toBe(shown)
  })
})
