// Node server entry: read the environment, build the ioredis transports, serve the shared app.
import { serve } from '@hono/node-server'
import { Registry, collectDefaultMetrics } from 'prom-client'
import {
  ConfigError,
  cachedFor,
  createApp,
  redactSecretSettings,
  startupWarnings,
} from '../lib/index'
import { buildInfo } from './build-info'
import { createIoredisPool } from './ioredis-pool'
import { nodeConfig } from './node-secrets'

const log = (entry: Readonly<Record<string, unknown>>): void =>
  console.error(JSON.stringify({ time: new Date().toISOString(), ...entry }))
const fail = (message: string, code: number): never => {
  console.error(`redis-exporter: ${message}`)
  process.exit(code)
}

/** The configuration, or exit 2 with a line naming the variable (never a secret's value). */
function configure(env: NodeJS.ProcessEnv): ReturnType<typeof nodeConfig> {
  try {
    return nodeConfig(env)
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    return fail(`configuration error: ${redactSecretSettings(err.message, env)}`, 2)
  }
}

const { config, auth } = configure(process.env)
for (const w of startupWarnings(process.env, 'node', config)) {
  console.error(JSON.stringify({ level: 'warn', msg: w }))
}
const registry = new Registry()
collectDefaultMetrics({ register: registry })
const pool = createIoredisPool(config)
const build = buildInfo(process.env, `node ${process.version}`)
const app = createApp({
  config,
  auth,
  shareConcurrentScrapes: true,
  getTransport: (t) => pool.get(t),
  // prom-client's collectors cost ~1.3 ms of CPU per call: render them at most once a second.
  processMetrics: cachedFor(1000, () => registry.metrics()),
  version: build.version,
  buildInfo: build,
  compress: true,
  log,
})
const { listenHost: hostname, listenPort: port } = config
const server = serve({ fetch: app.fetch, hostname, port }, (info) =>
  log({ level: 'info', msg: 'listening', port: info.port, target: config.target?.uri ?? null })
)
const where = `${hostname}:${port} (REDIS_EXPORTER_WEB_LISTEN_ADDRESS)`
server.on('error', (err: Error) => fail(`cannot listen on ${where}: ${err.message}`, 1))
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close()
    void pool.closeAll().finally(() => process.exit(0))
  })
}
