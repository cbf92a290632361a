/**
 * gzip for the pages, when the request accepts it (Prometheus always sends
 * `Accept-Encoding: gzip`; redis_exporter compresses too): a 49 KB page becomes about 9 KB.
 * Over the Web API CompressionStream, so it runs on every runtime; the Node server and the Lambda
 * scrape turn it on (hono/aws-lambda then answers a base64 body with `isBase64Encoded`, as
 * Function URLs need) and give their pages the runtime's own gzip (`pageResponse`), so the stream
 * compresses only their other answers. Workers leave it off: Cloudflare compresses at the edge.
 * HEAD and 206 are never compressed; a body with a Content-Length under 1 KB stays plain.
 *
 * It behaves as hono's compress middleware (gzip only) but never reads the response's body or
 * replaces the response when it does not compress: on Node, @hono/node-server writes a string body
 * straight to the socket only while the response is untouched. Reading `body` (or setting a header
 * through `c.header` after the handler answered) turns it into a Web stream, whose text is encoded
 * and piped chunk by chunk: about a third of the CPU of a plain scrape.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/compress'
import { PROMETHEUS_CONTENT_TYPE } from '../render/prometheus'

/**
 * The runtime's own synchronous gzip (Node's zlib), given by the Node server: a page compressed in
 * one call costs about half the CPU of the CompressionStream pipe, and is sent in one write.
 */
export type PageGzip = (text: string) => Uint8Array<ArrayBuffer>

/**
 * The runtime's UTF-8 bytes of a plain page, given by the Node server (`Buffer.from`):
 * @hono/node-server writes bytes as they are, where a string body is measured once for its
 * Content-Length, joined to the headers (a copy of the whole page) and measured and encoded again
 * by the socket write (bench/NOTES.md,
 * "Issue 14: the page as bytes, and what a scrape allocates").
 */
export type PageBytes = (text: string) => Uint8Array<ArrayBuffer>

/** Smallest body worth the CPU (hono's default), when the response says its length. */
export const GZIP_THRESHOLD_BYTES = 1024

const NO_TRANSFORM = /(?:^|,)\s*?no-transform\s*?(?:,|$)/i
const VARY_ACCEPT_ENCODING = /(?:^|,)\s*accept-encoding\s*(?:,|$)/i

/**
 * Responses `pageResponse` answered with the runtime's gzip in hand: already gzipped or not as
 * the request asks, with the headers the middleware would set. The middleware leaves them alone
 * without reading their headers: on Node that read builds a Headers object for the lightweight
 * response (~9 µs of a scrape; bench/NOTES.md, "Issue 14: instructions per scrape").
 */
const ANSWERED = new WeakSet<Response>()

export function gzipWhenAccepted(): MiddlewareHandler {
  return async function gzip(c, next) {
    await next()
    const res = c.res
    if (ANSWERED.has(res)) return
    // The lightweight response of @hono/node-server keeps its headers live: reading and setting
    // them leaves the string body as it is.
    const headers = res.headers
    const length = headers.get('content-length')
    const type = headers.get('content-type')
    if (
      res.status === 206 ||
      c.req.method === 'HEAD' ||
      headers.has('content-encoding') ||
      headers.has('transfer-encoding') ||
      (length && Number(length) < GZIP_THRESHOLD_BYTES) ||
      !type ||
      !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) ||
      NO_TRANSFORM.test(headers.get('cache-control') ?? '')
    ) {
      return
    }
    const vary = headers.get('vary')
    if (vary !== '*' && !(vary && VARY_ACCEPT_ENCODING.test(vary))) {
      headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding')
    }
    if (!acceptsGzip(c.req.header('accept-encoding'))) return
    const body = res.body
    if (!body) return
    c.res = new Response(body.pipeThrough(new CompressionStream('gzip')), res)
    c.res.headers.delete('content-length')
    c.res.headers.set('content-encoding', 'gzip')
    const etag = c.res.headers.get('etag')
    if (etag && !etag.startsWith('W/')) c.res.headers.set('etag', `W/${etag}`)
  }
}

/**
 * A page as the answer to `c`. With the runtime's `gzip`, the answer is final: gzipped when the
 * request accepts it, else plain, with `Vary: Accept-Encoding` either way but for HEAD (as the
 * middleware answers). Without it, the text, for the middleware to gzip (CompressionStream). A plain
 * page is sent as the runtime's `bytes` of it when given.
 */
export function pageResponse(
  c: Context,
  body: string,
  gzip: PageGzip | undefined,
  bytes?: PageBytes
): Response {
  const plain = () => (bytes ? bytes(body) : body)
  if (!gzip) return c.body(plain(), 200, { 'content-type': PROMETHEUS_CONTENT_TYPE })
  const head = c.req.method === 'HEAD'
  const res =
    !head && body.length >= GZIP_THRESHOLD_BYTES && acceptsGzip(c.req.header('accept-encoding'))
      ? c.body(gzip(body), 200, {
          'content-type': PROMETHEUS_CONTENT_TYPE,
          'content-encoding': 'gzip',
          vary: 'Accept-Encoding',
        })
      : c.body(plain(), 200, {
          'content-type': PROMETHEUS_CONTENT_TYPE,
          ...(head ? {} : { vary: 'Accept-Encoding' }),
        })
  ANSWERED.add(res)
  return res
}

/**
 * Whether an Accept-Encoding header allows gzip: `gzip` with a q above 0, or, when gzip is not
 * named, `*` with a q above 0. A q that is not a number counts as 1.
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false
  let wildcard = 0
  for (const item of header.split(',')) {
    const [name = '', ...params] = item.split(';')
    const coding = name.trim().toLowerCase()
    if (coding !== 'gzip' && coding !== '*') continue
    let q = 1
    for (const p of params) {
      const [k = '', v = ''] = p.split('=')
      if (k.trim().toLowerCase() !== 'q') continue
      const n = Number.parseFloat(v.trim())
      q = Number.isNaN(n) ? 1 : n
    }
    if (coding === 'gzip') return q > 0
    wildcard = q
  }
  return wildcard > 0
}
