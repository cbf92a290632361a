import { ConfigError } from '../errors'
import type { EnvRecord, Settings } from '../settings/read'
import { parseHttpUrl } from '../settings/http-url'
import { readSettings } from '../settings/read'
import type { PushgatewayAuth, PushgatewayOptions } from './pushgateway'
import { withSecretsRedacted } from '../settings/secret-settings'

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
  const s = readSettings(env)
  const raw = s.text('REDIS_EXPORTER_PUSHGATEWAY_URL') ?? ''
  if (raw === '') {
    if (!opts.required) return undefined
    throw new ConfigError(
      'REDIS_EXPORTER_PUSHGATEWAY_URL: must be set to push to a Pushgateway (e.g. https://pushgateway.example.com)'
    )
  }
  const url = parseUrl(raw)
  const job = s.textOrDefault('REDIS_EXPORTER_PUSHGATEWAY_JOB')
  if (/\p{Cc}/u.test(job)) {
    throw new ConfigError('REDIS_EXPORTER_PUSHGATEWAY_JOB: must not contain control characters')
  }
  const auth = parseAuth(s)
  return {
    url,
    job,
    ...(auth ? { auth } : {}),
    retries: s.int('REDIS_EXPORTER_PUSHGATEWAY_RETRIES'),
    deleteOnShutdown: s.bool('REDIS_EXPORTER_PUSHGATEWAY_DELETE_ON_SHUTDOWN'),
  }
}

function parseUrl(raw: string): string {
  const url = parseHttpUrl('REDIS_EXPORTER_PUSHGATEWAY_URL', raw, {
    example: 'https://pushgateway.example.com',
    schemes: 'http:// or https://',
  })
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

function parseAuth(s: Settings): PushgatewayAuth | undefined {
  const username = s.text('REDIS_EXPORTER_PUSHGATEWAY_USERNAME') ?? ''
  const password = s.text('REDIS_EXPORTER_PUSHGATEWAY_PASSWORD') ?? ''
  const token = s.text('REDIS_EXPORTER_PUSHGATEWAY_TOKEN') ?? ''
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
