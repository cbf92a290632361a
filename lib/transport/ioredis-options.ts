import type { RedisOptions } from 'ioredis'
import type { Config } from '../config'
import type { CredentialSettings } from '../settings/password-map'
import { targetCredentials } from '../settings/password-map'
import type { Target } from '../target'

/**
 * Client options for one scrape target. Every default that matters for a scrape is set explicitly:
 * nothing queues while disconnected, nothing retries behind the scrape's back, every call is bounded.
 */
export function ioredisOptions(
  target: Target,
  config: Pick<Config, 'connectTimeoutSeconds' | 'scrapeTimeoutSeconds' | 'protocol'> &
    CredentialSettings &
    Partial<Pick<Config, 'tls'>>
): RedisOptions {
  const { username, password } = targetCredentials(target, config)
  const tls = target.tls ? tlsOptions(target, config.tls) : undefined
  return {
    host: unbracket(target.host),
    port: target.port,
    db: target.db,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(tls ? { tls } : {}),
    /** @default false in ioredis; we connect explicitly so the connect time can be measured. */
    lazyConnect: true,
    /** Fail fast instead of queueing commands while the socket is down. */
    enableOfflineQueue: false,
    /** A scrape is retried by the next scrape, not inside this one. */
    maxRetriesPerRequest: 0,
    /** Never reconnect in the background; the transport opens a fresh client on the next scrape. */
    retryStrategy: () => null,
    reconnectOnError: () => false,
    /**
     * Backstop only: IoredisTransport bounds TCP + TLS + AUTH/SELECT together with this setting
     * (ioredis's own timer stops at the TLS handshake), and names the phase that hung.
     */
    connectTimeout: Math.round(config.connectTimeoutSeconds * 1000) + 1000,
    /** Backstop only: the scrape's AbortSignal normally ends a slow command first. */
    commandTimeout: Math.round(config.scrapeTimeoutSeconds * 1000) + 1000,
    /** Explicit RESP version; 2 is what every managed proxy speaks. */
    protocol: config.protocol,
    /**
     * No connectionName: the collector sends `CLIENT SETNAME redis_exporter` itself, once per
     * connection, so a provider that blocks CLIENT is detected and not asked again.
     * CLIENT SETINFO would add error replies on Redis < 7.2; the readiness INFO would double INFO load.
     */
    disableClientInfo: true,
    enableReadyCheck: false,
    autoResubscribe: false,
  }
}

function tlsOptions(target: Target, settings: Config['tls'] | undefined): RedisOptions['tls'] {
  const host = unbracket(target.host)
  // SNI carries DNS names only; for an IP the certificate is checked against its IP addresses.
  const servername = settings?.serverName ?? (isIpAddress(host) ? undefined : host)
  return {
    ...(servername ? { servername } : {}),
    ...(settings?.ca ? { ca: settings.ca } : {}),
    ...(settings?.cert && settings.key ? { cert: settings.cert, key: settings.key } : {}),
    ...(settings?.skipVerify ? { rejectUnauthorized: false } : {}),
  }
}

function unbracket(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1')
}

function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':')
}
