// The floor of a Node exporter, for `BENCH_CANDIDATE=bench/floor-server.mjs npm run bench`: a bare
// node:http server that answers every GET /metrics with the same page of FLOOR_PAGE_BYTES (default
// 116,000: the bench's page), built once from a golden file repeated (its series repeat: bytes of
// the right size and shape, not a page for Prometheus), after one `INFO` round trip to
// REDIS_ADDR over one persistent connection whose reply it reads to its end and throws away
// (FLOOR_MODE=info, the default), or without Redis (FLOOR_MODE=static). gzip (level 1, as the
// Node server) when the request accepts it. No parsing, no page build, no framework: what is left
// is Node's HTTP server, the socket writes and, in `info` mode, one round trip's I/O. Not part of
// the product; it measures what the product cannot go below on Node.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { connect } from 'node:net'
import { gzipSync } from 'node:zlib'

const [host, port] = (process.env.REDIS_EXPORTER_WEB_LISTEN_ADDRESS ?? '127.0.0.1:9121').split(':')
const redis = new URL(process.env.REDIS_ADDR ?? 'redis://127.0.0.1:6379')
const mode = process.env.FLOOR_MODE ?? 'info'
const size = Number(process.env.FLOOR_PAGE_BYTES ?? 116_000)

const golden = readFileSync(
  new URL('../test/golden/redis-7.0-master-with-replica.prom', import.meta.url),
  'utf8'
).replace(/\nredis_up [01]\n/, '\n')
let page =
  '# HELP redis_up Information about the Redis instance\n# TYPE redis_up gauge\nredis_up 1\n'
while (page.length < size) page += golden
page = page.slice(0, page.lastIndexOf('\n', size) + 1)

/** One connection, one request at a time: resolves when a whole bulk reply has arrived. */
function redisClient() {
  const socket = connect(Number(redis.port || 6379), redis.hostname)
  socket.setNoDelay(true)
  const waiting = []
  let buffered = Buffer.alloc(0)
  socket.on('data', (chunk) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk])
    for (;;) {
      const eol = buffered.indexOf('\r\n')
      if (eol < 0) return
      const length = buffered[0] === 0x24 ? Number(buffered.subarray(1, eol)) : -1
      // A bulk string (`$0` too) has its payload and CRLF after the header; `$-1` and the rest don't.
      const total = length >= 0 ? eol + 2 + length + 2 : eol + 2
      if (buffered.length < total) return
      buffered = buffered.subarray(total)
      waiting.shift()?.()
    }
  })
  socket.on('error', (err) => {
    console.error(`floor-server: ${err.message}`)
    process.exit(1)
  })
  return () =>
    new Promise((resolve) => {
      waiting.push(resolve)
      socket.write('*1\r\n$4\r\nINFO\r\n')
    })
}

const info = mode === 'static' ? async () => undefined : redisClient()
const headers = { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }

const server = createServer(async (req, res) => {
  if (req.url !== '/metrics') return res.writeHead(404).end()
  await info()
  if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
    res.writeHead(200, { ...headers, 'content-encoding': 'gzip' })
    return res.end(gzipSync(page, { level: 1 }))
  }
  res.writeHead(200, headers).end(page)
})
server.listen(Number(port), host)
process.on('SIGINT', () => process.exit(0))
process.on('SIGTERM', () => process.exit(0))
