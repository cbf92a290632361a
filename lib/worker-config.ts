import type { Config } from './config'
import { parseConfig } from './config'
import { ConfigError } from './errors'
import type { AuthConfig } from './http/auth-config'
import { parseAuthConfig } from './http/auth-config'
import type { PushConfig } from './push/push-config'
import { parsePushConfig } from './push/push-config'
import type { PushgatewayConfig } from './push/pushgateway-config'
import { parsePushgatewayConfig } from './push/pushgateway-config'
import { parseHttpUrl } from './settings/http-url'
import { quoted } from './settings/kinds'
import type { EnvRecord, Settings } from './settings/read'
import { readSettings } from './settings/read'
import type { Target } from './target'
import { parseTargetSetting } from './target'
import { withSecretsRedacted } from './settings/secret-settings'
import { withTargetsFromKv } from './push/targets-kv'

/** How long a cron or queue run waits for the TARGETS_KV list. */
const TARGETS_KV_TIMEOUT_MS = 5000

export interface UpstashSettings {
  /** UPSTASH_REDIS_REST_URL without a trailing slash. */
  readonly url: string
  readonly token: string
  /** The REST endpoint as a target (`rediss://host:443`): REDIS_ADDR's place in the app. */
  readonly target: Target
}

export interface WorkerConfig {
  readonly config: Config
  readonly auth: AuthConfig
  /** Set when the main target is Upstash over REST; TCP targets use REDIS_ADDR instead. */
  readonly upstash?: UpstashSettings
}

export interface CloudWatchClientSettings {
  readonly region: string
  readonly credentials: {
    readonly accessKeyId: string
    readonly secretAccessKey: string
    readonly sessionToken?: string
  }
  /** AWS_ENDPOINT_URL_CLOUDWATCH: a VPC or test endpoint instead of monitoring.<region>.amazonaws.com. */
  readonly endpoint?: string
}

export interface WorkerPushConfig {
  readonly push: PushConfig
  readonly pushgateway?: PushgatewayConfig
  readonly cloudwatch?: CloudWatchClientSettings
}

/** Sinks a Worker can push to (EMF needs Lambda's log pipeline). */
export const WORKER_SINKS = ['putmetricdata', 'pushgateway'] as const

/** A Worker's bindings as an EnvRecord: vars and secrets are strings; other bindings are left out. */
export function envRecord(bindings: Readonly<Record<string, unknown>>): EnvRecord {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(bindings)) if (typeof v === 'string') out[k] = v
  return out
}

/**
 * What `fetch` needs: the core config, HTTP auth (required: a Worker is on the internet) and, when
 * UPSTASH_REDIS_REST_URL is set, the Upstash REST endpoint standing in for REDIS_ADDR.
 */
export function parseWorkerConfig(env: EnvRecord): WorkerConfig {
  const upstash = withSecretsRedacted(env, () => parseUpstash(readSettings(env)))
  const config = parseConfig(upstash ? { ...env, REDIS_ADDR: upstash.target.uri } : env)
  const auth = parseAuthConfig(env, { requireCredentials: true })
  return { config, auth, ...(upstash ? { upstash } : {}) }
}

/**
 * parseWorkerPushConfig of `env` with REDIS_EXPORTER_TARGETS from the TARGETS_KV binding when the
 * Worker has one (lib/push/targets-kv.ts), read again on every run.
 */
export async function loadWorkerPushConfig(
  env: EnvRecord,
  config: Config,
  bindings: Readonly<Record<string, unknown>>
): Promise<WorkerPushConfig> {
  return parseWorkerPushConfig(
    await withTargetsFromKv(env, bindings, TARGETS_KV_TIMEOUT_MS),
    config
  )
}

/**
 * What `scheduled` needs: the targets (REDIS_EXPORTER_TARGETS, else the main target) and the
 * sinks (REDIS_EXPORTER_PUSH_SINKS, else every sink that is configured).
 */
export function parseWorkerPushConfig(env: EnvRecord, config: Config): WorkerPushConfig {
  const s = withSecretsRedacted(env, () => readSettings(env))
  const defaultSinks = [
    ...(s.isSet('AWS_ACCESS_KEY_ID') ? ['putmetricdata'] : []),
    ...(s.isSet('REDIS_EXPORTER_PUSHGATEWAY_URL') ? ['pushgateway'] : []),
  ]
  const push = parsePushConfig(env, config, { allowedSinks: WORKER_SINKS, defaultSinks })
  const pushgateway = parsePushgatewayConfig(env, { required: push.sinks.includes('pushgateway') })
  const cloudwatch = push.sinks.includes('putmetricdata')
    ? withSecretsRedacted(env, () => parseAws(s))
    : undefined
  return {
    push,
    ...(pushgateway ? { pushgateway } : {}),
    ...(cloudwatch ? { cloudwatch } : {}),
  }
}

function parseUpstash(s: Settings): UpstashSettings | undefined {
  const raw = s.text('UPSTASH_REDIS_REST_URL') ?? ''
  const token = s.text('UPSTASH_REDIS_REST_TOKEN') ?? ''
  if (raw === '' && token === '') return undefined
  if (raw === '') {
    throw new ConfigError(
      'UPSTASH_REDIS_REST_URL: must be set when UPSTASH_REDIS_REST_TOKEN is set (e.g. https://eu1-example-12345.upstash.io)'
    )
  }
  if (token === '') {
    throw new ConfigError(
      'UPSTASH_REDIS_REST_TOKEN: must be set when UPSTASH_REDIS_REST_URL is set (wrangler secret put UPSTASH_REDIS_REST_TOKEN)'
    )
  }
  if (s.isSet('REDIS_ADDR')) {
    throw new ConfigError(
      'REDIS_ADDR: set either REDIS_ADDR (TCP) or UPSTASH_REDIS_REST_URL (Upstash REST) as the main target, not both'
    )
  }
  const url = parseHttpUrl('UPSTASH_REDIS_REST_URL', raw, {
    example: 'https://eu1-example-12345.upstash.io',
    schemes: 'https://',
  })
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new ConfigError(
      'UPSTASH_REDIS_REST_URL: must be the plain REST URL without credentials, query or fragment (the token goes in UPSTASH_REDIS_REST_TOKEN)'
    )
  }
  const tls = url.protocol === 'https:'
  const port = url.port || (tls ? '443' : '80')
  const target = parseTargetSetting(
    'UPSTASH_REDIS_REST_URL',
    `${tls ? 'rediss' : 'redis'}://${url.hostname}:${port}`
  )
  return { url: `${url.origin}${url.pathname.replace(/\/+$/, '')}`, token, target }
}

function parseAws(s: Settings): CloudWatchClientSettings {
  const need = (
    name: 'AWS_REGION' | 'AWS_ACCESS_KEY_ID' | 'AWS_SECRET_ACCESS_KEY',
    example: string
  ): string => {
    const value = s.text(name) ?? ''
    if (value === '') {
      throw new ConfigError(`${name}: must be set to push with PutMetricData (${example})`)
    }
    return value
  }
  const region = need('AWS_REGION', 'e.g. us-east-1')
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new ConfigError(`AWS_REGION: ${quoted(region)}is not an AWS region (e.g. us-east-1)`)
  }
  const accessKeyId = need('AWS_ACCESS_KEY_ID', 'wrangler secret put AWS_ACCESS_KEY_ID')
  const secretAccessKey = need('AWS_SECRET_ACCESS_KEY', 'wrangler secret put AWS_SECRET_ACCESS_KEY')
  const sessionToken = s.text('AWS_SESSION_TOKEN')
  const endpoint = s.text('AWS_ENDPOINT_URL_CLOUDWATCH')
  if (endpoint && !/^https?:\/\/[^\s/@]+(\/\S*)?$/.test(endpoint)) {
    throw new ConfigError(
      'AWS_ENDPOINT_URL_CLOUDWATCH: is not an http(s) URL without credentials (e.g. https://monitoring.us-east-1.amazonaws.com)'
    )
  }
  return {
    region,
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    ...(endpoint ? { endpoint } : {}),
  }
}
