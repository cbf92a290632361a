import { createServer } from 'node:http'
import type { IncomingHttpHeaders, Server } from 'node:http'
import { gunzipSync } from 'node:zlib'

export type CapturedRequest = {
  headers: IncomingHttpHeaders
  /** Size of the body as sent (compressed when gzip). */
  wireBytes: number
  /** Size of the decoded JSON text. */
  jsonBytes: number
  gzip: boolean
  /** The decoded AWS JSON 1.0 body. */
  body: Record<string, unknown>
  /** What the server answered: 200, or a scripted error. */
  status: number
}

export type ScriptedError = { status: number; type: string; message: string }

export type CloudWatchServer = {
  endpoint: string
  /** Every request, answered or not, in arrival order. */
  requests: CapturedRequest[]
  /** The bodies of the requests answered 200. */
  accepted(): Record<string, unknown>[]
  /** Answers the next n requests with this error (e.g. throttling), then 200 again. */
  failNext(n: number, error?: ScriptedError): void
  close(): Promise<void>
}

export const THROTTLING: ScriptedError = {
  status: 400,
  type: 'Throttling',
  message: 'Rate exceeded',
}

/**
 * A local stand-in for the CloudWatch API as @aws-sdk/client-cloudwatch (>= 3.949) speaks it:
 * AWS JSON 1.0 with `X-Amz-Target: GraniteServiceVersion20100801.<Operation>`, gzip bodies from
 * 10 KiB. It decodes and records every request and answers `{}`, or a scripted error shaped like
 * the service's (`__type` plus the query-compatible `x-amzn-query-error` header).
 */
export async function startCloudWatchServer(): Promise<CloudWatchServer> {
  const requests: CapturedRequest[] = []
  const script: ScriptedError[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks)
      const gzip = req.headers['content-encoding'] === 'gzip'
      const text = (gzip ? gunzipSync(raw) : raw).toString('utf8')
      let body: Record<string, unknown> = {}
      try {
        body = JSON.parse(text) as Record<string, unknown>
      } catch {
        body = { unparsable: text.slice(0, 200) }
      }
      const error = script.shift()
      requests.push({
        headers: req.headers,
        wireBytes: raw.length,
        jsonBytes: Buffer.byteLength(text),
        gzip,
        body,
        status: error?.status ?? 200,
      })
      const headers: Record<string, string> = {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': `req-${requests.length}`,
      }
      if (error) {
        headers['x-amzn-query-error'] = `${error.type};Sender`
        res.writeHead(error.status, headers)
        res.end(JSON.stringify({ __type: error.type, message: error.message }))
        return
      }
      res.writeHead(200, headers)
      res.end('{}')
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  let closing: Promise<void> | undefined
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    requests,
    accepted: () => requests.filter((r) => r.status === 200).map((r) => r.body),
    failNext(n, error = THROTTLING) {
      for (let i = 0; i < n; i++) script.push(error)
    },
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })),
  }
}
