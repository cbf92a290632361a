// Node server entry: read the environment, build the ioredis transports, serve the shared app.
import { serve } from '@hono/node-server'
import { Registry, collectDefaultMetrics } from 'prom-client'
import pkg from '../package.json' with { type: 'json' }
import {
  ConfigError,
  cachedFor,
  createApp,
  parseAuthConfig,
  parseConfig,
  readSettings,
  redactSecretSettings,
  startupWarnings,
} from '../lib/index'
import { createIoredisPool } from './ioredis-pool'
import { readSettingFiles } from './node-secrets'

const fail = (message: string, code: number): never => {
  console.error(`redis-exporter: ${message}`)
  process.exit(code)
}
let config, auth
try {
  config = parseConfig(process.env, readSettingFiles(process.env))
  // Optional on the Node server: off unless REDIS_EXPORTER_BASIC_AUTH_* or a bearer token is set.
  auth = parseAuthConfig(process.env, { requireCredentials: false })
} catch (err) {
  // The message names the variable; URL passwords and secret settings' values never reach stderr.
  throw err instanceof ConfigError
    ? fail(`configuration error: ${redactSecretSettings(err.message, process.env)}`, 2)
    : err
}
for (const w of startupWarnings(process.env, 'node', config)) {
  console.error(JSON.stringify({ level: 'warn', msg: w }))
}
const settings = readSettings(process.env)
const { listenHost: hostname, listenPort: port } = config
const registry = new Registry()
collectDefaultMetrics({ register: registry })
// prom-client's collectors cost ~1.3 ms of CPU per call: render them at most once a second.
const processMetrics = cachedFor(1000, () => registry.metrics())
const pool = createIoredisPool(config)
const app = createApp({
  config,
  auth,
  shareConcurrentScrapes: true,
  getTransport: (t) => pool.get(t),
  processMetrics,
  version: pkg.version,
  buildInfo: {
    version: pkg.version,
    commitSha: settings.text('REDIS_EXPORTER_COMMIT_SHA') ?? '',
    buildDate: settings.text('REDIS_EXPORTER_BUILD_DATE') ?? '',
    runtimeVersion: `node ${process.version}`,
  },
  log: (entry) => console.error(JSON.stringify({ time: new Date().toISOString(), ...entry })),
})
const server = serve({ fetch: app.fetch, hostname, port }, (info) =>
  console.error(
    JSON.stringify({
      level: 'info',
      msg: 'listening',
      port: info.port,
      target: config.target?.uri ?? null,
    })
  )
)
server.on('error', (err: Error) =>
  fail(
    `cannot listen on ${hostname}:${port} (REDIS_EXPORTER_WEB_LISTEN_ADDRESS): ${err.message}`,
    1
  )
)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close()
    void pool.closeAll().finally(() => process.exit(0))
  })
}
