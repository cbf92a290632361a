import { TimeoutError, TransportError, redact } from '../errors'
import type { Command, Reply } from '../types'
import { describeTransportError } from './describe-error'
import { raceAbort } from './race-abort'
import type { RedisTransport, SendOptions } from './transport'

export { ioredisOptions } from './ioredis-options'

/** The socket under an ioredis client, as far as the adapter watches it. */
export interface IoredisStream {
  on(event: 'data', listener: (chunk: { readonly length: number }) => void): unknown
  destroy(): void
}

/** The part of an ioredis client this adapter uses (ioredis's `Redis` satisfies it). */
export interface IoredisClient {
  readonly status: string
  /** The socket, once connecting started. */
  readonly stream?: IoredisStream
  connect(): Promise<void>
  disconnect(reconnect?: boolean): void
  pipeline(commands: string[][]): { exec(): Promise<[Error | null, unknown][] | null> }
  on(event: 'error', listener: (err: Error) => void): unknown
  on(event: 'connect', listener: () => void): unknown
}

/** Most bytes one connection may receive per round trip before it is dropped (hostile or broken servers). */
export const MAX_REPLY_BYTES = 16 * 1024 * 1024

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
  readonly #maxReplyBytes: number
  readonly #watches = new WeakMap<IoredisClient, Watch>()

  constructor(
    create: () => IoredisClient,
    secrets: readonly (string | undefined)[] = [],
    opts: { readonly maxReplyBytes?: number } = {}
  ) {
    this.#create = create
    this.#secrets = secrets
    this.#maxReplyBytes = opts.maxReplyBytes ?? MAX_REPLY_BYTES
  }

  connectionId(): number {
    return this.#generation
  }

  async connect({ signal }: SendOptions): Promise<boolean> {
    if (this.#client?.status === 'ready') return false
    let pending = this.#connecting
    if (!pending) {
      const opening = this.#open()
      const settle = () => {
        if (this.#connecting === opening) this.#connecting = undefined
      }
      opening.then(settle, settle)
      this.#connecting = pending = opening
    }
    const attempt = pending
    return raceAbort(attempt, signal, () => this.#abandon(attempt))
  }

  async send(commands: readonly Command[], opts: SendOptions): Promise<Reply[]> {
    const reused = this.#client?.status === 'ready'
    try {
      return await this.#sendOnce(commands, opts)
    } catch (err) {
      // A warm connection the server or the network closed while idle fails at once, before any
      // byte of a reply: that is a stale connection, not a failed scrape. Retry once on a new one.
      if (!reused || opts.signal.aborted || !(err instanceof StaleConnectionError)) throw err
      return this.#sendOnce(commands, opts)
    }
  }

  async #sendOnce(commands: readonly Command[], opts: SendOptions): Promise<Reply[]> {
    if (this.#client?.status !== 'ready') await this.connect(opts)
    const client = this.#client
    const watch = client ? this.#watches.get(client) : undefined
    if (!client || !watch) throw new TransportError('Redis connection is not open')
    if (watch.inflight === 0) watch.bytes = 0
    watch.inflight += 1
    const fail = (err: unknown): Error => {
      this.#destroy(client)
      const wrapped = this.#wrap(watch.failure ?? err, 'reply')
      if (watch.bytes === 0 && !watch.overflow && !(wrapped instanceof TimeoutError)) {
        return new StaleConnectionError(wrapped.message, { cause: err })
      }
      return wrapped
    }
    let results: [Error | null, unknown][] | null
    try {
      results = await raceAbort(
        client.pipeline(commands.map((c) => ['call', ...c])).exec(),
        opts.signal,
        () => this.#destroy(client)
      )
    } catch (err) {
      throw fail(err)
    } finally {
      watch.inflight -= 1
    }
    if (!results || results.length !== commands.length) {
      throw fail(new TransportError('Redis connection closed before all replies arrived'))
    }
    const replies: Reply[] = []
    for (const [err, value] of results) {
      // Not an answer from Redis (socket closed, command timeout): the round trip failed.
      if (err && err.name !== 'ReplyError') throw fail(err)
      replies.push(
        err ? { ok: false, error: redact(err.message, this.#secrets) } : { ok: true, value }
      )
    }
    return replies
  }

  /** Closes the connection gracefully; the next call opens a new one. */
  async close(): Promise<void> {
    const client = this.#client
    if (!client) return
    this.#client = undefined
    try {
      client.disconnect(false)
    } catch {
      // already closed
    }
  }

  async #open(): Promise<boolean> {
    if (this.#client) this.#destroy(this.#client)
    const client = this.#create()
    const watch: Watch = { bytes: 0, inflight: 0 }
    this.#watches.set(client, watch)
    // ioredis rejects connect() with a bare "Connection is closed." and reports the cause (ECONNREFUSED,
    // WRONGPASS, TLS errors) as an 'error' event; keep the latest cause. An unhandled 'error' would crash.
    client.on('error', (err) => {
      watch.failure ??= err
    })
    client.on('connect', () => this.#meter(client, watch))
    this.#client = client
    this.#generation += 1
    try {
      await client.connect()
      watch.failure = undefined
      return true
    } catch (err) {
      this.#destroy(client)
      throw this.#wrap(watch.failure ?? err, 'connect')
    }
  }

  /**
   * Counts the bytes the socket receives; beyond maxReplyBytes since the last round trip started
   * the connection is destroyed at once, so a hostile or broken server cannot fill memory
   * (ioredis buffers a bulk reply until it is complete).
   */
  #meter(client: IoredisClient, watch: Watch): void {
    const stream = client.stream
    if (!stream) return
    stream.on('data', (chunk) => {
      watch.bytes += chunk.length
      if (watch.bytes > this.#maxReplyBytes && !watch.overflow) {
        watch.overflow = true
        watch.failure = new TransportError(
          `reply larger than ${this.#maxReplyBytes} bytes; connection dropped (a broken or hostile server, or a reply far larger than a scrape needs)`
        )
        this.#destroy(client)
      }
    })
  }

  /**
   * A connect attempt was abandoned (deadline): drop the half-open client at once, and forget the
   * attempt so the next scrape opens a new connection instead of waiting on the dead one.
   */
  #abandon(attempt: Promise<boolean>): void {
    if (this.#connecting === attempt) this.#connecting = undefined
    if (this.#client) this.#destroy(this.#client)
  }

  /** Drops a failed connection at once (no graceful close: the peer may never answer). */
  #destroy(client: IoredisClient): void {
    if (this.#client === client) this.#client = undefined
    try {
      client.disconnect(false)
      client.stream?.destroy()
    } catch {
      // already closed
    }
  }

  #wrap(err: unknown, phase: 'connect' | 'reply'): Error {
    if (err instanceof TimeoutError || err instanceof TransportError) return err
    const message = redact(describeTransportError(err, phase), this.#secrets)
    if (/timed? ?out/i.test(message) && !/TLS/.test(message)) {
      return new TimeoutError(message, { cause: err })
    }
    return new TransportError(message, { cause: err })
  }
}

/** The connection died before any reply byte arrived (it was closed while idle). */
class StaleConnectionError extends TransportError {}

interface Watch {
  bytes: number
  inflight: number
  overflow?: boolean
  /** The first transport-level error on this client (socket error, oversized reply). */
  failure?: unknown
}
