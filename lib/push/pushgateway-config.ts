import type { EnvRecord } from '../config'
import { parseBool } from '../config'
import { ConfigError } from '../errors'
import { withSecretsRedacted } from '../settings/secret-settings'
import type { PushgatewayAuth, PushgatewayOptions } from './pushgateway'

/** Every setting parsePushgatewayConfig reads, for the docs table test. */
export const PUSHGATEWAY_VARIABLES = [
  'REDIS_EXPORTER_PUSHGATEWAY_URL',
  'REDIS_EXPORTER_PUSHGATEWAY_JOB',
  'REDIS_EXPORTER_PUSHGATEWAY_USERNAME',
  'REDIS_EXPORTER_PUSHGATEWAY_PASSWORD',
  'REDIS_EXPORTER_PUSHGATEWAY_TOKEN',
  'REDIS_EXPORTER_PUSHGATEWAY_RETRIES',
  'REDIS_EXPORTER_PUSHGATEWAY_DELETE_ON_SHUTDOWN',
] as const

export interface PushgatewayConfig extends PushgatewayOptions {
  /** Delete this exporter's groups when the process shuts down (runtimes with a shutdown hook). */
  readonly deleteOnShutdown: boolean
}

/**
 * Reads the Pushgateway settings; undefined when REDIS_EXPORTER_PUSHGATEWAY_URL is unset (an
 * error instead when `required`). Credentials go in their own variables, never in the URL, and
 * are never echoed.
 */
export function parsePushgatewayConfig(
  env: EnvRecord,
  opts: { readonly required: boolean }
): PushgatewayConfig | undefined {
  return withSecretsRedacted(env, () => readPushgatewayConfig(env, opts))
}

function readPushgatewayConfig(
  env: EnvRecord,
  opts: { readonly required: boolean }
): PushgatewayConfig | undefined {
  const raw = env['REDIS_EXPORTER_PUSHGATEWAY_URL']?.trim() ?? ''
  if (raw === '') {
    if (!opts.required) return undefined
    throw new ConfigError(
      'REDIS_EXPORTER_PUSHGATEWAY_URL: must be set to push to a Pushgateway (e.g. https://pushgateway.example.com)'
    )
  }
  const url = parseUrl(raw)
  const job = env['REDIS_EXPORTER_PUSHGATEWAY_JOB']?.trim() || 'redis_exporter'
  if (/\p{Cc}/u.test(job)) {
    throw new ConfigError('REDIS_EXPORTER_PUSHGATEWAY_JOB: must not contain control characters')
  }
  const auth = parseAuth(env)
  const retriesRaw = env['REDIS_EXPORTER_PUSHGATEWAY_RETRIES']?.trim() || '2'
  if (!/^\d{1,2}$/.test(retriesRaw) || Number(retriesRaw) > 10) {
    throw new ConfigError(
      `REDIS_EXPORTER_PUSHGATEWAY_RETRIES: "${retriesRaw}" is not a number of retries (expected 0 to 10)`
    )
  }
  return {
    url,
    job,
    ...(auth ? { auth } : {}),
    retries: Number(retriesRaw),
    deleteOnShutdown: parseBool(env, 'REDIS_EXPORTER_PUSHGATEWAY_DELETE_ON_SHUTDOWN', false),
  }
}

function parseUrl(raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigError(
      'REDIS_EXPORTER_PUSHGATEWAY_URL: is not a URL (expected e.g. https://pushgateway.example.com)'
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(
      `REDIS_EXPORTER_PUSHGATEWAY_URL: scheme ${url.protocol} is not supported (expected http:// or https://)`
    )
  }
  if (url.username !== '' || url.password !== '') {
    throw new ConfigError(
      'REDIS_EXPORTER_PUSHGATEWAY_URL: must not carry credentials; set REDIS_EXPORTER_PUSHGATEWAY_USERNAME and REDIS_EXPORTER_PUSHGATEWAY_PASSWORD (as secrets) instead'
    )
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ConfigError(
      'REDIS_EXPORTER_PUSHGATEWAY_URL: must not carry a query string or fragment'
    )
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

function parseAuth(env: EnvRecord): PushgatewayAuth | undefined {
  const username = env['REDIS_EXPORTER_PUSHGATEWAY_USERNAME'] ?? ''
  const password = env['REDIS_EXPORTER_PUSHGATEWAY_PASSWORD'] ?? ''
  const token = env['REDIS_EXPORTER_PUSHGATEWAY_TOKEN']?.trim() ?? ''
  if ((username === '') !== (password === '')) {
    const missing = username === '' ? 'USERNAME' : 'PASSWORD'
    throw new ConfigError(
      `REDIS_EXPORTER_PUSHGATEWAY_${missing}: must be set together with REDIS_EXPORTER_PUSHGATEWAY_${missing === 'USERNAME' ? 'PASSWORD' : 'USERNAME'}`
    )
  }
  if (username.includes(':')) {
    throw new ConfigError(
      'REDIS_EXPORTER_PUSHGATEWAY_USERNAME: must not contain ":" (HTTP basic auth cannot carry it)'
    )
  }
  if (username !== '' && token !== '') {
    throw new ConfigError(
      'REDIS_EXPORTER_PUSHGATEWAY_TOKEN: set either the token or REDIS_EXPORTER_PUSHGATEWAY_USERNAME/PASSWORD, not both'
    )
  }
  if (token !== '' && !/^[A-Za-z0-9\-._~+/]+=*$/.test(token)) {
    throw new ConfigError(
      'REDIS_EXPORTER_PUSHGATEWAY_TOKEN: contains characters a bearer token cannot carry'
    )
  }
  if (username !== '') return { kind: 'basic', username, password }
  if (token !== '') return { kind: 'bearer', token }
  return undefined
}
