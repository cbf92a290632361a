import { describe, expect, it } from 'vitest'
import { LightHeaders } from '../../../functions/light-web/headers'

/** What a Headers shows: its entries, lookups and Set-Cookie list, or the error it threw. */
function observe(make: () => Headers | LightHeaders, ops: readonly Op[]) {
  try {
    const h = make()
    for (const op of ops) op(h)
    return {
      entries: [...h.entries()],
      keys: [...h.keys()],
      values: [...h.values()],
      each: collect(h),
      get: ['content-type', 'Set-Cookie', 'x-a', 'missing'].map((n) => h.get(n)),
      has: ['content-type', 'set-cookie', 'X-A', 'missing'].map((n) => h.has(n)),
      cookies: h.getSetCookie(),
      tag: Object.prototype.toString.call(h),
    }
  } catch (err) {
    return { threw: (err as Error).constructor.name }
  }
}

type Op = (h: Headers | LightHeaders) => void

function collect(h: Headers | LightHeaders): string[] {
  const out: string[] = []
  h.forEach((value, name) => out.push(`${name}=${value}`))
  return out
}

const INITS: [string, unknown][] = [
  ['nothing', undefined],
  ['null', null],
  ['a record', { 'Content-Type': 'text/plain', 'X-A': ' padded\t' }],
  [
    'pairs',
    [
      ['x-a', '1'],
      ['X-A', '2'],
      ['set-cookie', 'a=1'],
      ['Set-Cookie', 'b=2'],
    ],
  ],
  [
    'another Headers',
    new Headers([
      ['b', '2'],
      ['a', '1'],
    ]),
  ],
  ['a bad name', { 'bad name': 'x' }],
  ['a line break in a value', { 'x-a': 'one\r\ntwo' }],
  ['a NUL in a value', { 'x-a': 'a\0b' }],
  ['a pair of three', [['a', 'b', 'c']]],
  ['a string', 'x-a: 1'],
  ['an empty name', { '': 'x' }],
]

const OPS: [string, Op[]][] = [
  ['none', []],
  [
    'append joins values with a comma',
    [(h) => h.append('X-A', 'one'), (h) => h.append('x-a', 'two')],
  ],
  ['set replaces', [(h) => h.append('x-a', 'one'), (h) => h.set('X-A', 'two')]],
  ['delete removes', [(h) => h.set('x-a', '1'), (h) => h.delete('X-A')]],
  [
    'cookies stay apart',
    [(h) => h.append('set-cookie', 'a=1'), (h) => h.append('Set-Cookie', 'b=2')],
  ],
  [
    'set replaces every cookie',
    [(h) => h.append('set-cookie', 'a=1'), (h) => h.set('set-cookie', 'c=3')],
  ],
  [
    'delete drops the cookies',
    [(h) => h.append('set-cookie', 'a=1'), (h) => h.delete('Set-Cookie')],
  ],
  [
    'sorted by name',
    [(h) => h.set('zeta', '1'), (h) => h.set('Alpha', '2'), (h) => h.set('mid', '3')],
  ],
  ['values are trimmed', [(h) => h.set('x-a', '  \t v \n')]],
  ['an empty value', [(h) => h.set('x-a', '')]],
  ['a bad name to set', [(h) => h.set('a:b', 'x')]],
  ['a bad name to get', [(h) => h.get('a b')]],
  ['a bad value to append', [(h) => h.append('x-a', 'a\nb')]],
]

describe('LightHeaders behaves as the runtime Headers', () => {
  for (const [initName, init] of INITS) {
    for (const [opName, ops] of OPS) {
      it(`${initName}, ${opName}`, () => {
        const light = observe(() => new LightHeaders(init as never), ops)
        const real = observe(() => new Headers(init as never), ops)
        expect(light).toEqual(real)
      })
    }
  }

  it('takes a LightHeaders as its init, and the runtime Headers take one too', () => {
    const source = new LightHeaders({ b: '2', a: '1' })
    source.append('set-cookie', 'x=1')
    expect([...new LightHeaders(source)]).toEqual([...source])
    expect([...new Headers(source as unknown as Headers)]).toEqual([...source])
  })
})
