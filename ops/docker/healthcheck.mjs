/* global process, console, fetch, AbortSignal */
// Docker HEALTHCHECK for the Node server, with Node itself (slim images have no curl or wget):
// GET /health on the address the server listens on (REDIS_EXPORTER_WEB_LISTEN_ADDRESS); exit 0
// when it answers 200 "ok", 1 otherwise. /health never touches Redis and never needs auth, so
// the check says "the process serves HTTP", not "Redis is up" (that is redis_up).
const listen = process.env.REDIS_EXPORTER_WEB_LISTEN_ADDRESS || '0.0.0.0:9121'
const colon = listen.lastIndexOf(':')
const port = Number(listen.slice(colon + 1)) || 9121
let host = listen.slice(0, colon).replace(/^\[(.*)\]$/, '$1')
if (host === '' || host === '0.0.0.0') host = '127.0.0.1'
if (host === '::') host = '::1'
const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/health`

try {
  const res = await fetch(url, { signal: AbortSignal.timeout(4000) })
  const body = await res.text()
  if (res.status === 200 && body === 'ok') process.exit(0)
  console.error(`healthcheck: ${url} answered ${res.status}`)
} catch (err) {
  console.error(`healthcheck: ${url}: ${err instanceof Error ? err.message : String(err)}`)
}
process.exit(1)
