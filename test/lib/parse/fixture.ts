import { readFileSync, readdirSync } from 'node:fs'

/** A file from test/fixtures/parse, byte-for-byte as text (CRLF kept). */
export function fixtureText(name: string): string {
  return readFileSync(new URL(`../../fixtures/parse/${name}`, import.meta.url), 'utf8')
}

/** A JSON reply captured by test/fixtures/parse/capture.mjs. */
export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name))
}

/** Inputs no parser may throw on. */
export const GARBAGE: readonly [string, unknown][] = [
  ['null', null],
  ['undefined', undefined],
  ['a number', 42],
  ['NaN', NaN],
  ['a boolean', true],
  ['a bigint', 10n],
  ['a symbol', Symbol('x')],
  ['a function', () => 1],
  ['a date', new Date(0)],
  ['an empty object', {}],
  ['an empty array', []],
  ['nested arrays', [[[[]]], [null], [1, [2, [3]]]]],
  ['nested objects', { a: { b: { c: [] } }, d: null }],
  ['a Map of garbage', new Map<unknown, unknown>([[null, {}]])],
]

/** Every real reply capture of test/fixtures/info-captures (INFO and more), by file name. */
export function captures(): Record<string, string> {
  const dir = new URL('../../fixtures/info-captures/', import.meta.url)
  const out: Record<string, string> = {}
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.txt'))
    .sort()) {
    out[name] = readFileSync(new URL(name, dir), 'utf8')
  }
  return out
}
