/**
 * @module serverless-redis-exporter
 * The runtime-agnostic core as the entries in functions/ use it: the configuration, the Hono app
 * (Node server, Lambda scrape, Worker fetch), the one push path (Lambda push, Worker cron) and the
 * transports. Runtime clients (ioredis, CloudWatch, the file system) are made in functions/ and
 * injected. Everything else is internal: tests import it from its own module.
 */
export { createApp } from './app'
export type { AppDeps } from './app'
export type { BuildInfo } from './scrape'
export { acceptHttpEvent } from './http/lambda-event'
export { parseAuthConfig } from './http/auth-config'

export { parseConfig } from './config'
export type { Config, EnvRecord } from './config'
export { ConfigError } from './errors'
export { readSettings } from './settings/read'
export { loadScriptFiles, loadSettingFiles } from './settings/setting-files'
export { redactSecretSettings } from './settings/secret-settings'
export { startupWarnings } from './settings/warnings'
export type { Runtime } from './settings/table'
export { envRecord, loadWorkerPushConfig, parseWorkerConfig } from './worker-config'

export type { Target } from './target'
export type { RedisTransport } from './transport/transport'
export type { IoredisTransport } from './transport/ioredis'
export { ioredisPool, ioredisTransport } from './transport/ioredis-pool'
export { RespClient } from './transport/resp-client'
export { UpstashRestTransport } from './transport/upstash-rest'

export { parsePushConfig } from './push/push-config'
export { credentialResolver } from './push/push-targets'
export type { SecretResolver } from './push/push-targets'
export { secretsExtensionResolver } from './push/secrets-extension'
export type { Built } from './settings/secret-refresh'
export { secretAware } from './settings/secret-refresh'
export { buildSinks } from './push/sinks'
export type { PutMetricDataClient } from './push/put-metric-data'
export { newPushOnceState, pushOnEvent, pushOnce } from './push/push-once'
export type { PushOutcome } from './push/push-once'
export { nodeStart } from './settings/node-start'
export { parseHttpsServerSettings } from './settings/https-server'
export type { HttpsServerSettings } from './settings/https-server'
