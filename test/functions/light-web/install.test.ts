import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { httpEvent } from '../../fixtures/lambda/events'
import type { HttpEventKind } from '../../fixtures/lambda/events'

const SCRIPT = new URL('../../helpers/light-web-lambda.ts', import.meta.url).pathname

interface Run {
  readonly installed: boolean
  readonly light: boolean
  readonly results: unknown[]
  readonly loadedAfter: boolean[]
}

/** The events through hono/aws-lambda in a fresh Node, with the light globals or Node's own. */
async function run(mode: 'light' | 'node', events: unknown[]): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, mode], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  child.stdin.end(JSON.stringify(events))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`the child exited ${code}: ${err}`)
  return JSON.parse(out) as Run
}

function post(kind: HttpEventKind, path: string, body: string, base64: boolean) {
  const event = httpEvent(kind, { path })
  if (kind === 'alb') event['httpMethod'] = 'POST'
  else (event['requestContext'] as { http: { method: string } }).http.method = 'POST'
  event['body'] = base64 ? Buffer.from(body).toString('base64') : body
  event['isBase64Encoded'] = base64
  return event
}

const KINDS: readonly HttpEventKind[] = ['function-url-v2', 'api-gateway-v2', 'alb']
const GZIP = { 'accept-encoding': 'gzip, deflate' }
const PLAIN = { 'accept-encoding': 'identity' }

/** Every path of the app, each event shape, with and without gzip asked for. */
const EVENTS = KINDS.flatMap((kind) => [
  httpEvent(kind, { path: '/text' }),
  httpEvent(kind, { path: '/page', headers: PLAIN }),
  httpEvent(kind, { path: '/page', headers: GZIP }),
  httpEvent(kind, { path: '/long', headers: PLAIN }),
  httpEvent(kind, { path: '/long', headers: GZIP }),
  httpEvent(kind, { path: '/json', headers: GZIP }),
  httpEvent(kind, { path: '/late-header' }),
  httpEvent(kind, { path: '/cookies' }),
  httpEvent(kind, { path: '/headers', headers: { 'X-Mixed-Case': ' v ' } }),
  httpEvent(kind, { path: '/empty' }),
  httpEvent(kind, { path: '/missing' }),
  post(kind, '/echo', 'a=1&b=é', false),
  post(kind, '/echo', 'bytes', true),
])

describe('the light web globals behind hono/aws-lambda', () => {
  it('answer every event as Node’s own Headers, Request and Response do', async () => {
    const [light, node] = await Promise.all([run('light', EVENTS), run('node', EVENTS)])
    expect([light.installed, light.light, node.installed, node.light]).toEqual([
      true,
      true,
      false,
      false,
    ])
    expect(light.results).toHaveLength(EVENTS.length)
    expect(light.results).toEqual(node.results)
  })

  it("leave Node's fetch unloaded on a page, and load it for what they hand over", async () => {
    const kind = 'function-url-v2'
    const events = [
      httpEvent(kind, { path: '/page', headers: PLAIN }),
      httpEvent(kind, { path: '/page', headers: GZIP }),
      httpEvent(kind, { path: '/text', headers: PLAIN }),
      httpEvent(kind, { path: '/json', headers: PLAIN }),
      httpEvent(kind, { path: '/missing', headers: PLAIN }),
      // A header set after the handler answered: hono remakes the response from its body stream.
      httpEvent(kind, { path: '/late-header', headers: PLAIN }),
      // A short answer without a Content-Length, gzipped through CompressionStream.
      httpEvent(kind, { path: '/text', headers: GZIP }),
    ]
    const light = await run('light', events)
    expect(light.loadedAfter).toEqual([false, false, false, false, false, true, true])
    expect(light.light).toBe(true)
  })
})
