import { describe, expect, it } from 'vitest'
import { MAX_LABEL_VALUE } from '../../../lib/bounds'
import { LabelScan } from '../../../lib/metrics/label-scan'
import { labelBytes } from '../../../lib/render/page-size'
import type { Labels } from '../../../lib/types'

type Read = [labels: Labels, extra?: [string, string]]

function scan(reads: readonly Read[], tail = ''): { keys: string[]; braced: string[] } {
  const s = new LabelScan(true)
  const keys: string[] = []
  const braced: string[] = []
  for (const [labels, extra] of reads) {
    expect(s.read(labels, extra?.[0], extra?.[1] ?? '')).toBe(true)
    keys.push(s.key)
    braced.push(s.braced(tail))
  }
  return { keys, braced }
}

describe('LabelScan', () => {
  const cmd = { cmd: 'get' }
  const two = { a: 'x', b: 'y"\\\n' }
  it.each<[string, Read[], string, string[]]>([
    ['no labels', [[{}]], '', [' ']],
    ['no labels with a tail', [[{}]], 'r="m"', ['{r="m"} ']],
    ['one label', [[cmd]], '', ['{cmd="get"} ']],
    ['escaped values', [[two]], 'r="m"', ['{a="x",b="y\\"\\\\\\n",r="m"} ']],
    [
      'added labels on the same object',
      [[cmd, ['quantile', '50']], [cmd, ['quantile', '9"9']], [cmd]],
      '',
      ['{cmd="get",quantile="50"} ', '{cmd="get",quantile="9\\"9"} ', '{cmd="get"} '],
    ],
    [
      'an added label alone, then another name',
      [
        [{}, ['le', '+Inf']],
        [{}, ['quantile', '1']],
      ],
      'r="m"',
      ['{le="+Inf",r="m"} ', '{quantile="1",r="m"} '],
    ],
    [
      'another object between',
      [
        [cmd, ['le', '1']],
        [two, ['le', '1']],
        [cmd, ['le', '1']],
      ],
      '',
      ['{cmd="get",le="1"} ', '{a="x",b="y\\"\\\\\\n",le="1"} ', '{cmd="get",le="1"} '],
    ],
  ])('writes %s', (_what, reads, tail, expected) => {
    expect(scan(reads, tail).braced).toEqual(expected)
  })

  it('gives every series its own key, the same one for the same values', () => {
    const { keys } = scan([
      [cmd],
      [cmd, ['le', '1']],
      [{ cmd: 'get' }, ['le', '1']],
      [cmd, ['le', '2']],
      [two, ['le', '1']],
      [{ a: 'x', b: 'y"\\\n' }, ['le', '1']],
      [{ a: 'x,', b: '' }, ['le', '1']],
    ])
    expect(keys[1]).toBe(keys[2])
    expect(keys[4]).toBe(keys[5])
    // (Keys are compared within one family, whose samples carry the same label names.)
    expect(new Set([keys[1], keys[3], keys[4], keys[6]]).size).toBe(4)
  })

  it('counts the bytes of the labels and the added one', () => {
    const s = new LabelScan(false)
    s.read(two, 'le', '+Inf')
    expect(s.bytes).toBe(
      labelBytes('a', 'x') + labelBytes('b', 'y"\\\n') + labelBytes('le', '+Inf')
    )
    s.read(two, undefined, '')
    expect(s.bytes).toBe(labelBytes('a', 'x') + labelBytes('b', 'y"\\\n'))
  })

  it.each<[string, Labels, string]>([
    ['a label value', { cmd: 'c'.repeat(MAX_LABEL_VALUE + 1) }, '1'],
    ['the added value', cmd, '9'.repeat(MAX_LABEL_VALUE + 1)],
  ])('asks for clipping when %s is too long', (_what, labels, extra) => {
    const s = new LabelScan(true)
    expect(s.read(labels, 'le', extra)).toBe(false)
    expect(s.read({ cmd: 'c'.repeat(MAX_LABEL_VALUE) }, 'le', '1')).toBe(true)
  })
})
