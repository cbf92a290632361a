import { beforeAll, describe, expect, it } from 'vitest'
import { setRealWeb } from '../../../functions/light-web/real'
import { LightResponse } from '../../../functions/light-web/response'

beforeAll(() => setRealWeb(() => ({ Request, Response })))

type AnyResponse = Response | LightResponse
type Make = (body: unknown, init?: ResponseInit) => AnyResponse

const light: Make = (body, init) => new LightResponse(body, init as never)
const real: Make = (body, init) => new Response(body as BodyInit, init)

/** What a response shows before and after its body is read one way, or the error it threw. */
async function observe(make: Make, body: unknown, init: ResponseInit | undefined, read: Read) {
  try {
    const res = make(body, init)
    const before = { status: res.status, ok: res.ok, statusText: res.statusText, type: res.type }
    const shown = {
      ...before,
      headers: [...res.headers],
      used: res.bodyUsed,
      nullBody: res.body === null,
    }
    const got = await read(res)
    const again = await read(res).then(
      () => 'read again',
      (err: Error) => err.constructor.name
    )
    return { ...shown, got, usedAfter: res.bodyUsed, again }
  } catch (err) {
    return { threw: (err as Error).constructor.name }
  }
}

type Read = (res: AnyResponse) => Promise<unknown>

const READS: [string, Read][] = [
  ['text', (r) => r.text()],
  ['arrayBuffer', async (r) => [...new Uint8Array(await r.arrayBuffer())]],
  ['json', (r) => r.json()],
  ['bytes', async (r) => [...(await r.bytes())]],
  [
    'blob',
    async (r) => {
      const b = await r.blob()
      return [b.type, await b.text()]
    },
  ],
  ['the body stream', async (r) => (r.body ? await new Response(r.body).text() : null)],
  ['a clone, then the original', async (r) => [await r.clone().text(), await r.text()]],
]

const BODIES: [string, unknown][] = [
  ['no body', undefined],
  ['null', null],
  ['a string', '{"a":1}'],
  ['an empty string', ''],
  ['non-ASCII text', 'redis_up{x="é✓"} 1\n'],
  ['bytes', new TextEncoder().encode('[1,2]')],
  ['an ArrayBuffer', new TextEncoder().encode('"ab"').buffer],
  [
    'a view into a larger buffer',
    new Uint8Array(new TextEncoder().encode('xx"mid"yy').buffer, 2, 5),
  ],
]

const INITS: [string, ResponseInit | undefined][] = [
  ['no init', undefined],
  [
    'a status and headers',
    {
      status: 404,
      statusText: 'Not Found',
      headers: { 'X-A': '1', 'Content-Type': 'application/json' },
    },
  ],
  [
    'header pairs',
    {
      status: 201,
      headers: [
        ['set-cookie', 'a=1'],
        ['set-cookie', 'b=2'],
      ],
    },
  ],
  ['204', { status: 204 }],
  ['a status out of range', { status: 600 }],
  ['status 199', { status: 199 }],
  ['a fractional status', { status: 200.5 }],
  ['a status past 2^16', { status: 65736 }],
  ['a status that is not a number', { status: Number.NaN }],
]

describe('LightResponse behaves as the runtime Response', () => {
  for (const [bodyName, body] of BODIES) {
    for (const [initName, init] of INITS) {
      for (const [readName, read] of READS) {
        it(`${bodyName}, ${initName}, read as ${readName}`, async () => {
          expect(await observe(light, body, init, read)).toEqual(
            await observe(real, body, init, read)
          )
        })
      }
    }
  }

  it('keeps a copy of a buffer body: changing the buffer later changes nothing', async () => {
    const bytes = new TextEncoder().encode('abc')
    const res = new LightResponse(bytes)
    bytes[0] = 0x7a
    expect(await res.text()).toBe('abc')
  })

  it("takes another response as its init, as hono's HEAD answer does", async () => {
    const first = new LightResponse('x', { status: 203, headers: { 'x-a': '1' } })
    const head = new LightResponse(null, first)
    expect([head.status, [...head.headers], head.body]).toEqual([203, [...first.headers], null])
  })

  it("hands a stream body to the runtime's Response", async () => {
    const stream = new Response('streamed').body
    const res = new LightResponse(stream, { status: 202 })
    expect(res).toBeInstanceOf(Response)
    expect([res.status, await res.text()]).toEqual([202, 'streamed'])
  })

  it('makes Response.json as the runtime does', async () => {
    const made = LightResponse.json({ a: [1] }, { status: 201 })
    const want = Response.json({ a: [1] }, { status: 201 })
    expect([made.status, [...made.headers], await made.text()]).toEqual([
      want.status,
      [...want.headers],
      await want.text(),
    ])
  })

  it('reads FormData through the runtime', async () => {
    const res = new LightResponse('a=1&b=2', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect([...(await res.formData()).entries()]).toEqual([
      ['a', '1'],
      ['b', '2'],
    ])
  })
})
