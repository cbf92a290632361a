import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { gunzipSync } from 'node:zlib'

export type Captured = { target: string; encoding: string; body: unknown }

/**
 * A stand-in for monitoring.<region>.amazonaws.com: takes the AWS JSON 1.0 PutMetricData calls of
 * the real @aws-sdk/client-cloudwatch (gunzipping bodies of 10 KiB and more), answers `{}` like
 * CloudWatch, and lists what it got on `GET /__captured`.
 */
export async function startCloudWatchCapture(): Promise<{
  url: string
  stop: () => Promise<void>
}> {
  const captured: Captured[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/__captured') {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify(captured))
        return
      }
      const raw = Buffer.concat(chunks)
      const encoding = String(req.headers['content-encoding'] ?? '')
      const text = (encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8')
      captured.push({
        target: String(req.headers['x-amz-target'] ?? ''),
        encoding,
        body: JSON.parse(text),
      })
      res.writeHead(200, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': 'test',
      })
      res.end('{}')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  }
}
