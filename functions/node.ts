// Node server entry: the command line and environment, the Redis clients, the app over HTTP(S).
import { createServer as createHttpsServer } from 'node:https'
import type { Server } from 'node:https'
import { serve } from '@hono/node-server'
import { startupWarnings } from '../lib/index'
import { buildInfo } from './build-info'
import { gzipPage } from './gzip-page'
import { nodeApp } from './node-app'
import { reloadOnChange } from './node-https'
import { processMetricsRegistry } from './process-metrics'
import { startup } from './node-startup'

const { env, log, config, auth, https, ignored } = startup(process.argv.slice(2), process.env)
if (ignored.length > 0) {
  log({ level: 'warn', msg: `arguments after the flags are ignored: ${ignored.join(' ')}` })
}
for (const msg of startupWarnings(env, 'node', config)) log({ level: 'warn', msg })
// The event loop is sampled every REDIS_EXPORTER_EVENT_LOOP_MONITOR_INTERVAL (1 s), not
// prom-client's 10 ms: that timer was most of an idle server's CPU (bench/NOTES.md).
const registry = config.redisOnlyMetrics
  ? undefined
  : processMetricsRegistry(Math.round(config.eventLoopMonitorSeconds * 1000))
const build = buildInfo(env, `node ${process.version}`)
const app = nodeApp(env, config, {
  auth,
  shareConcurrentScrapes: true,
  processMetrics: registry && (() => registry.metrics()),
  version: build.version,
  buildInfo: build,
  compress: gzipPage,
  pageBytes: (text) => Buffer.from(text),
  log,
})
const { listenHost: hostname, listenPort: port } = config
const tls = https ? { createServer: createHttpsServer, serverOptions: https.options } : {}
const server = serve({ fetch: app.fetch, hostname, port, ...tls }, (info) => {
  const scheme = https ? 'https' : 'http'
  log({
    level: 'info',
    msg: 'listening',
    port: info.port,
    scheme,
    target: config.target?.uri ?? null,
    redisClient: config.redisClient,
  })
})
if (https) reloadOnChange(server as Server, https.files, log)
server.on('error', (err: Error) => {
  const where = `${hostname}:${port} (REDIS_EXPORTER_WEB_LISTEN_ADDRESS)`
  process.stderr.write(`redis-exporter: cannot listen on ${where}: ${err.message}\n`)
  process.exit(1)
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close()
    void app.close().finally(() => process.exit(0))
  })
}
