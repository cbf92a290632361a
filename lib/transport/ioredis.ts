import type { RedisOptions } from 'ioredis'
import type { Config } from '../config'
import { TimeoutError, TransportError, redact } from '../errors'
import type { Target } from '../target'
import type { Command, Reply } from '../types'
import { raceAbort } from './race-abort'
import type { RedisTransport, SendOptions } from './transport'

/** The part of an ioredis client this adapter uses (ioredis's `Redis` satisfies it). */
export interface IoredisClient {
  readonly status: string
  connect(): Promise<void>
  disconnect(reconnect?: boolean): void
  pipeline(commands: string[][]): { exec(): Promise<[Error | null, unknown][] | null> }
  on(event: 'error', listener: (err: Error) => void): unknown
}

/**
 * Client options for one scrape target. Every default that matters for a scrape is set explicitly:
 * nothing queues while disconnected, nothing retries behind the scrape's back, every call is bounded.
 */
export function ioredisOptions(
  target: Target,
  config: Pick<
    Config,
    | 'connectTimeoutSeconds'
    | 'scrapeTimeoutSeconds'
    | 'setClientName'
    | 'protocol'
    | 'username'
    | 'password'
  >
): RedisOptions {
  const username = target.username ?? config.username
  const password = target.password ?? config.password
  return {
    host: target.host.replace(/^\[(.*)\]$/, '$1'),
    port: target.port,
    db: target.db,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(target.tls ? { tls: { servername: target.host } } : {}),
    /** @default false in ioredis; we connect explicitly so the connect time can be measured. */
    lazyConnect: true,
    /** Fail fast instead of queueing commands while the socket is down. */
    enableOfflineQueue: false,
    /** A scrape is retried by the next scrape, not inside this one. */
    maxRetriesPerRequest: 0,
    /** Never reconnect in the background; the transport opens a fresh client on the next scrape. */
    retryStrategy: () => null,
    reconnectOnError: () => false,
    connectTimeout: Math.round(config.connectTimeoutSeconds * 1000),
    /** Backstop only: the scrape's AbortSignal normally ends a slow command first. */
    commandTimeout: Math.round(config.scrapeTimeoutSeconds * 1000) + 1000,
    /** Explicit RESP version; 2 is what every managed proxy speaks. */
    protocol: config.protocol,
    /** Set once per connection at connect time, never per scrape. Errors (CLIENT blocked) are ignored. */
    ...(config.setClientName ? { connectionName: 'redis_exporter' } : {}),
    /** CLIENT SETINFO would add error replies on Redis < 7.2; the readiness INFO would double INFO load. */
    disableClientInfo: true,
    enableReadyCheck: false,
    autoResubscribe: false,
  }
}

/**
 * The RedisTransport over one ioredis client per target, kept across scrapes (warm reuse).
 * A client that timed out, failed to connect or whose socket died is destroyed and recreated on
 * the next call, never reused. Concurrent scrapes share the client; ioredis keeps each pipeline's
 * replies in order on the shared socket.
 */
export class IoredisTransport implements RedisTransport {
  #client: IoredisClient | undefined
  #connecting: Promise<boolean> | undefined
  #generation = 0
  readonly #create: () => IoredisClient
  readonly #secrets: readonly (string | undefined)[]

  constructor(create: () => IoredisClient, secrets: readonly (string | undefined)[] = []) {
    this.#create = create
    this.#secrets = secrets
  }

  connectionId(): number {
    return this.#generation
  }

  async connect({ signal }: SendOptions): Promise<boolean> {
    if (this.#client?.status === 'ready') return false
    this.#connecting ??= this.#open().finally(() => {
      this.#connecting = undefined
    })
    return raceAbort(this.#connecting, signal, () => this.close())
  }

  async send(commands: readonly Command[], opts: SendOptions): Promise<Reply[]> {
    if (this.#client?.status !== 'ready') await this.connect(opts)
    const client = this.#client
    if (!client) throw new TransportError('Redis connection is not open')
    let results: [Error | null, unknown][] | null
    try {
      results = await raceAbort(
        client.pipeline(commands.map((c) => ['call', ...c])).exec(),
        opts.signal,
        () => this.#destroy(client)
      )
    } catch (err) {
      this.#destroy(client)
      throw this.#wrap(err)
    }
    if (!results || results.length !== commands.length) {
      this.#destroy(client)
      throw new TransportError('Redis connection closed before all replies arrived')
    }
    const replies: Reply[] = []
    for (const [err, value] of results) {
      if (err && err.name !== 'ReplyError') {
        // Not an answer from Redis (socket closed, command timeout): the round trip failed.
        this.#destroy(client)
        throw this.#wrap(err)
      }
      replies.push(
        err ? { ok: false, error: redact(err.message, this.#secrets) } : { ok: true, value }
      )
    }
    return replies
  }

  /** Drops the connection; the next call opens a new one. */
  async close(): Promise<void> {
    if (this.#client) this.#destroy(this.#client)
  }

  async #open(): Promise<boolean> {
    if (this.#client) this.#destroy(this.#client)
    const client = this.#create()
    // ioredis rejects connect() with a bare "Connection is closed." and reports the cause (ECONNREFUSED,
    // WRONGPASS, TLS errors) as an 'error' event; keep the cause. An unhandled 'error' would crash.
    let cause: unknown
    client.on('error', (err) => {
      cause ??= err
    })
    this.#client = client
    this.#generation += 1
    try {
      await client.connect()
      return true
    } catch (err) {
      this.#destroy(client)
      throw this.#wrap(cause ?? err)
    }
  }

  #destroy(client: IoredisClient): void {
    if (this.#client === client) this.#client = undefined
    try {
      client.disconnect(false)
    } catch {
      // already closed
    }
  }

  #wrap(err: unknown): Error {
    if (err instanceof TimeoutError || err instanceof TransportError) return err
    const message = redact(err instanceof Error ? err.message : String(err), this.#secrets)
    if (/timed? ?out/i.test(message)) return new TimeoutError(message, { cause: err })
    return new TransportError(message, { cause: err })
  }
}
