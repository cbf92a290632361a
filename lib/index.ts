/**
 * @module serverless-redis-exporter
 * The runtime-agnostic core: configuration, the transport port, one-round-trip collection,
 * the redis_exporter-compatible metric catalog, the Prometheus renderer and the Hono app.
 * Runtime clients (ioredis, Upstash, CloudWatch) are created in functions/ and injected.
 */
export { createApp } from './app'
export type { AppDeps } from './app'
export { parseConfig, CONFIG_VARIABLES } from './config'
export type { Config, EnvRecord } from './config'
export { ConfigError, RequestError, TimeoutError, TransportError, redact } from './errors'
export { parseTarget } from './target'
export type { Target } from './target'
export { collect } from './collect/collect'
export type { Snapshot } from './collect/collect'
export { newTargetState } from './collect/target-state'
export type { TargetState } from './collect/target-state'
export { scrapeTarget } from './scrape'
export { buildFamilies } from './metrics/build'
export { renderPrometheus, PROMETHEUS_CONTENT_TYPE } from './render/prometheus'
export { IoredisTransport, ioredisOptions } from './transport/ioredis'
export type { IoredisClient } from './transport/ioredis'
export { TransportPool } from './transport/pool'
export type { RedisTransport, SendOptions } from './transport/transport'
export type { Command, MetricFamily, Reply, Sample } from './types'
