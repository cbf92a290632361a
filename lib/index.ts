/**
 * @module serverless-redis-exporter
 * The runtime-agnostic core: configuration, the transport port, one-round-trip collection,
 * the redis_exporter-compatible metric catalog, the Prometheus renderer and the Hono app.
 * Runtime clients (ioredis, Upstash, CloudWatch) are created in functions/ and injected.
 */
export { createApp } from './app'
export type { AppDeps } from './app'
export { parseConfig } from './config'
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
export { BoundedMap } from './bounded-map'
export { FailureLog } from './failure-log'
export type { RedisTransport, SendOptions } from './transport/transport'
export type { Command, MetricFamily, Reply, Sample } from './types'
export { parseAuthConfig, AUTH_NOT_CONFIGURED } from './http/auth-config'
export type { AuthConfig } from './http/auth-config'
export { authMiddleware, constantTimeEqual } from './http/auth'
export { parsePushConfig, DEFAULT_CLOUDWATCH_NAMESPACE } from './push/push-config'
export type { CloudWatchOptions, PushConfig } from './push/push-config'
export { credentialResolver, describeCredential, parsePushTargets } from './push/push-targets'
export type { CredentialRef, PushTargetSpec, SecretResolver } from './push/push-targets'
export { secretsExtensionResolver } from './push/secrets-extension'
export { runPush, newPushState } from './push/run-push'
export type { PushResult, PushState, RunPushOptions, TargetSummary } from './push/run-push'
export { cloudWatchData, rateName } from './push/cloudwatch-data'
export { DEFAULT_CLOUDWATCH_METRICS } from './push/default-metrics'
export type { MetricRule } from './push/default-metrics'
export { emfSink, renderEmf, MAX_METRICS_PER_DOCUMENT } from './push/emf'
export {
  putMetricDataSink,
  putMetricDataRequests,
  MAX_DATA_PER_REQUEST,
  MAX_REQUEST_BYTES,
} from './push/put-metric-data'
export type { MetricDatum, PutMetricDataClient, PutMetricDataInput } from './push/put-metric-data'
export { isRetryable, isThrottling, withRetry } from './push/retry'
export type { RetryOptions } from './push/retry'
export { parseScheduleEvent, pushTimestamp } from './push/schedule-event'
export type { ScheduleTrigger } from './push/schedule-event'
export type {
  CloudWatchDatum,
  CloudWatchUnit,
  PreviousSample,
  PushSink,
  PushTarget,
  SinkReport,
  TargetData,
  TargetResult,
} from './push/types'
export { configSecrets, configWarnings, redactSecretSettings } from './config'
export type { SettingFiles } from './config'
export { SETTINGS, SETTING_GROUPS } from './settings/table'
export type { Runtime, Setting, SettingKind, SettingRow } from './settings/table'
export { readSettings } from './settings/read'
export type { NamesOf, SettingName, Settings } from './settings/read'
export { settingWarnings, startupWarnings } from './settings/warnings'
export { parseScrapeTarget } from './target'
export { discoverNodes } from './topology/discover'
export type { DiscoveredNode, Discovery, DiscoverOptions } from './topology/discover'
export { discoveryScope } from './topology/scope'
export type { ScopeCheck } from './topology/scope'
export { createTopology } from './topology/topology'
export type { Topology } from './topology/topology'
export { httpSdGroups } from './topology/http-sd'
export { isScrapeAllowed } from './http/allowlist'
export { discoverClusterNodes } from './http/discover'
export { classifyError } from './capabilities/classify'
export { expandTargets, newDiscoveryState } from './push/expand-targets'
export type { DiscoverMode, DiscoveryState } from './push/expand-targets'
export { cachedFor } from './cached-for'
