import { describe, expect, it } from 'vitest'
import {
  parseFinite,
  parseFiniteIn,
  parseIntStrict,
  parseNumber,
  parseValue,
} from '../../../lib/parse/number'
import { GARBAGE } from './fixture'

describe('parseValue', () => {
  it.each<[string, unknown, number | undefined]>([
    ...GARBAGE.map(([name, x]): [string, unknown, undefined] => [name, x, undefined]),
    ['empty string', '', undefined],
    ['blanks', '  \r\n', undefined],
    ['trailing garbage', '12abc', undefined],
    ['two dots', '1.2.3', undefined],
    ['a percentage', '50%', undefined],
    ['a human size', '1.19M', undefined],
    ['a word', 'online', undefined],
    ['hex (Go ParseFloat needs a p exponent)', '0x10', undefined],
    ['underscores', '1_000', undefined],
    ['comma decimal', '1,5', undefined],
    ['a bare dot', '.', undefined],
    ['a bare sign', '+', undefined],
    ['a dangling exponent', '1e', undefined],
    ['double sign', '--1', undefined],
    ['overflow (Go ErrRange)', '1e400', undefined],
    ['inner space', '1 2', undefined],
    ['ok', 'ok', 1],
    ['OK upper case', 'OK', 1],
    ['true', 'true', 1],
    ['True', 'True', 1],
    ['err', 'err', 0],
    ['fail', 'fail', 0],
    ['FALSE', 'FALSE', 0],
    ['ok with CR', 'ok\r', 1],
    ['zero', '0', 0],
    ['integer', '42', 42],
    ['negative', '-1', -1],
    ['explicit plus', '+7', 7],
    ['float', '1.08', 1.08],
    ['leading dot', '.5', 0.5],
    ['trailing dot', '5.', 5],
    ['exponent', '1e3', 1000],
    ['negative exponent', '2.5E-3', 0.0025],
    ['padded with CR', ' 3.5\r', 3.5],
    ['inf', 'inf', Infinity],
    ['+Inf', '+Inf', Infinity],
    ['-inf', '-inf', -Infinity],
    ['Infinity', 'Infinity', Infinity],
    ['nan', 'nan', NaN],
    ['NaN', 'NaN', NaN],
    ['huge digit string', '9'.repeat(300), Number('9'.repeat(300))],
  ])('%s', (_name, raw, expected) => {
    expect(() => parseValue(raw as string)).not.toThrow()
    expect(parseValue(raw as string)).toEqual(expected)
  })
})

describe('parseNumber', () => {
  it.each<[unknown, number | undefined]>([
    [null, undefined],
    ['ok', undefined],
    ['false', undefined],
    ['', undefined],
    ['1.5', 1.5],
    ['-inf', -Infinity],
    ['nan', NaN],
    // Digits with at most one dot take a path of their own: the same numbers as the general one.
    ['007', 7],
    ['123456789012345', 123456789012345],
    ['1234567890123456', 1234567890123456],
    ['9007199254740993', 9007199254740992],
    ['0.1', 0.1],
    ['5.', 5],
    ['.5', 0.5],
    ['.', undefined],
    ['1..2', undefined],
    ['1.2.3', undefined],
    ['9'.repeat(400), undefined],
    ['9'.repeat(300) + '.5', 1e300],
  ])('%j -> %s', (raw, expected) => {
    expect(parseNumber(raw)).toEqual(expected)
  })
})

describe('parseFinite', () => {
  it.each<[unknown, number | undefined]>([
    [{}, undefined],
    ['inf', undefined],
    ['-Inf', undefined],
    ['nan', undefined],
    ['ok', undefined],
    ['1.5', 1.5],
    ['-3', -3],
  ])('%j -> %s', (raw, expected) => {
    expect(parseFinite(raw)).toEqual(expected)
  })
})

describe('parseIntStrict', () => {
  it.each<[string, unknown, number | undefined]>([
    ...GARBAGE.map(([name, x]): [string, unknown, undefined] => [name, x, undefined]),
    ['empty string', '', undefined],
    ['blank', ' ', undefined],
    ['float', '1.0', undefined],
    ['exponent', '1e3', undefined],
    ['trailing garbage', '12abc', undefined],
    ['inf', 'inf', undefined],
    ['ok', 'ok', undefined],
    ['zero', '0', 0],
    ['negative', '-1', -1],
    ['plus', '+5', 5],
    ['padded', ' 42\r', 42],
    ['max safe integer', '9007199254740991', 9007199254740991],
  ])('%s', (_name, raw, expected) => {
    expect(() => parseIntStrict(raw)).not.toThrow()
    expect(parseIntStrict(raw)).toEqual(expected)
  })
})

describe('parseFiniteIn', () => {
  it.each([
    '0',
    '42',
    '123456789012345',
    '1234567890123456',
    '9'.repeat(400),
    ' 7 ',
    '1.5',
    '-3',
    '1e3',
    'inf',
    'nan',
    '',
    'x',
    '12a',
  ])('reads %j in a longer text as parseFinite reads it alone', (raw) => {
    const text = `k=${raw},`
    expect(parseFiniteIn(text, 2, 2 + raw.length)).toBe(parseFinite(raw))
  })
})
