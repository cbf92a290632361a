import { beforeAll, describe, expect, it } from 'vitest'
import { setRealWeb } from '../../../functions/light-web/real'
import { LightRequest } from '../../../functions/light-web/request'

beforeAll(() => setRealWeb(() => ({ Request, Response })))

type AnyRequest = Request | LightRequest
type Make = (input: unknown, init?: RequestInit) => AnyRequest

const light: Make = (input, init) => new LightRequest(input, init as never)
const real: Make = (input, init) => new Request(input as RequestInfo, init)

/** What a request shows, and its body read one way, or the error it threw. */
async function observe(make: Make, input: unknown, init: RequestInit | undefined, read: Read) {
  try {
    const req = make(input, init)
    const shown = {
      url: req.url,
      method: req.method,
      headers: [...req.headers],
      nullBody: req.body === null,
      aborted: req.signal.aborted,
    }
    const got = await read(req)
    return { ...shown, got, used: req.bodyUsed }
  } catch (err) {
    return { threw: (err as Error).constructor.name }
  }
}

type Read = (req: AnyRequest) => Promise<unknown>

const READS: [string, Read][] = [
  ['text', (r) => r.text()],
  ['arrayBuffer', async (r) => [...new Uint8Array(await r.arrayBuffer())]],
  ['a clone', (r) => r.clone().text()],
]

const INPUTS: [string, unknown][] = [
  ['a URL string', 'https://fn.lambda-url.us-east-1.on.aws/metrics?target=redis%3A%2F%2Fa%3A6379'],
  ['a URL object', new URL('https://h.example/scrape?x=1#frag')],
  ['a host with upper case and a default port', 'HTTPS://H.Example:443/a/../b'],
  ['a relative URL', '/metrics'],
  ['a URL with credentials', 'https://user:pw@h.example/'],
  ['not a URL', 'http://exa mple.com/'],
]

const INITS: [string, RequestInit | undefined][] = [
  ['no init', undefined],
  [
    'a lower-case method and headers',
    { method: 'get', headers: { Authorization: 'Bearer x', 'X-A': ' 1 ' } },
  ],
  ['POST with a string body', { method: 'post', body: 'a=1' }],
  ['PUT with bytes', { method: 'PUT', body: new TextEncoder().encode('é') }],
  ['a custom method kept as written', { method: 'Purge' }],
  ['GET with a body', { method: 'GET', body: 'x' }],
  ['HEAD with a body', { method: 'HEAD', body: 'x' }],
  ['a forbidden method', { method: 'trace' }],
  ['a method that is not a token', { method: 'GE T' }],
  ['an aborted signal', { signal: AbortSignal.abort() }],
]

describe('LightRequest behaves as the runtime Request', () => {
  for (const [inputName, input] of INPUTS) {
    for (const [initName, init] of INITS) {
      for (const [readName, read] of READS) {
        it(`${inputName}, ${initName}, read as ${readName}`, async () => {
          expect(await observe(light, input, init, read)).toEqual(
            await observe(real, input, init, read)
          )
        })
      }
    }
  }

  it("hands a stream body to the runtime's Request", async () => {
    const body = new Response('streamed').body
    const req = new LightRequest('https://h.example/', {
      method: 'POST',
      body,
      duplex: 'half',
    } as never)
    expect(req).toBeInstanceOf(Request)
    expect(await req.text()).toBe('streamed')
  })
})
