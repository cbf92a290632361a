import { describe, expect, it } from 'vitest'
import { scriptJob, scriptResult } from '../../../lib/keys/scripts'

describe('scriptResult', () => {
  it.each([
    [
      'key/value pairs',
      { ok: true as const, value: ['a', '1', 'b', '2.5'] },
      {
        filename: 'f.lua',
        values: [
          ['a', 1],
          ['b', 2.5],
        ],
        result: 1,
      },
    ],
    [
      'integers (RESP3)',
      { ok: true as const, value: ['a', 3] },
      { filename: 'f.lua', values: [['a', 3]], result: 1 },
    ],
    [
      'an empty list: 2',
      { ok: true as const, value: [] },
      { filename: 'f.lua', values: [], result: 2 },
    ],
  ])('%s', (_what, reply, sample) => {
    expect(scriptResult('f.lua', reply)).toEqual({ sample })
  })

  it.each([
    [
      'a Lua error',
      {
        ok: false as const,
        error: 'ERR user_script:1: Script attempted to access nonexistent global variable',
      },
      /script f.lua: ERR user_script:1/,
    ],
    [
      'a value that is no number',
      { ok: true as const, value: ['a', 'x'] },
      /the value of item 1 is not a number/,
    ],
    ['no list', { ok: true as const, value: 'OK' }, /did not return a list/],
  ])('%s: result 0 and an error', (_what, reply, error) => {
    const { sample, error: text } = scriptResult('f.lua', reply)
    expect(sample).toEqual({ filename: 'f.lua', values: [], result: 0 })
    expect(text).toMatch(error)
  })
})

describe('scriptJob', () => {
  it.each([
    [false, 'EVAL'],
    [true, 'EVAL_RO'],
  ])('read-only %s sends %s script 0 0', (readOnly, command) => {
    const job = scriptJob({ filename: 'f', text: 'return {}' }, readOnly, () => undefined)
    expect(job.command).toEqual([command, 'return {}', '0', '0'])
    expect(job.db).toBeUndefined()
  })
})
