import { gunzipSync } from 'node:zlib'

/**
 * A Lambda HTTP result as a client sees it: a base64 body sent with `Content-Encoding: gzip`
 * (what the scrape handler answers when the request accepts gzip, as the recorded events do)
 * decompressed and marked `gzipped: true`; any other result returned as it is.
 */
export function decoded<T>(result: T): T & { gzipped?: true } {
  const r = result as {
    body?: unknown
    isBase64Encoded?: boolean
    headers?: Record<string, string>
  }
  const gzip = r?.isBase64Encoded === true && r.headers?.['content-encoding'] === 'gzip'
  if (!gzip || typeof r.body !== 'string') return result as T & { gzipped?: true }
  const body = gunzipSync(Buffer.from(r.body, 'base64')).toString('utf8')
  return { ...result, body, gzipped: true }
}
