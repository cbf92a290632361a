// Node server entry: read the environment, build the ioredis transports, serve the shared app.
import { serve } from '@hono/node-server'
import { Redis } from 'ioredis'
import { Registry, collectDefaultMetrics } from 'prom-client'
import pkg from '../package.json' with { type: 'json' }
import type { Target } from '../lib/index'
import {
  ConfigError,
  IoredisTransport,
  TransportPool,
  createApp,
  ioredisOptions,
  parseConfig,
} from '../lib/index'

let config
try {
  config = parseConfig(process.env)
} catch (err) {
  if (!(err instanceof ConfigError)) throw err
  console.error(`redis-exporter: configuration error: ${err.message}`)
  process.exit(2)
}
const settings = config
const registry = new Registry()
collectDefaultMetrics({ register: registry })
const pool = new TransportPool(
  (t: Target) =>
    new IoredisTransport(
      () => new Redis(ioredisOptions(t, settings)),
      [settings.password, t.password]
    )
)
const app = createApp({
  config,
  getTransport: (t) => pool.get(t),
  processMetrics: () => registry.metrics(),
  version: pkg.version,
  buildInfo: {
    version: pkg.version,
    commitSha: process.env['GIT_COMMIT'] ?? '',
    buildDate: '',
    runtimeVersion: `node ${process.version}`,
  },
  log: (entry) => console.error(JSON.stringify({ time: new Date().toISOString(), ...entry })),
})
const server = serve(
  { fetch: app.fetch, hostname: config.listenHost, port: config.listenPort },
  (info) =>
    console.error(
      JSON.stringify({
        level: 'info',
        msg: 'listening',
        address: info.address,
        port: info.port,
        target: settings.target?.uri ?? null,
      })
    )
)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close()
    void pool.closeAll().finally(() => process.exit(0))
  })
}
