/**
 * gzip for the pages, when the request accepts it (Prometheus always sends
 * `Accept-Encoding: gzip`; redis_exporter compresses too): a 49 KB page becomes about 9 KB.
 * hono's compress middleware over the Web API CompressionStream, so it runs on every runtime;
 * the Node server and the Lambda scrape turn it on (hono/aws-lambda then answers a base64 body
 * with `isBase64Encoded`, as Function URLs need). Workers leave it off: Cloudflare compresses at
 * the edge. Bodies under 1 KB (errors, /health) stay plain; HEAD and 206 are never compressed.
 */
import type { MiddlewareHandler } from 'hono'
import { compress } from 'hono/compress'

/** Smallest body worth the CPU (hono's default). */
export const GZIP_THRESHOLD_BYTES = 1024

export function gzipWhenAccepted(): MiddlewareHandler {
  return compress({ encoding: 'gzip', threshold: GZIP_THRESHOLD_BYTES })
}
