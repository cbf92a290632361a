import { TimeoutError, TransportError, redact } from '../errors'
import type { Command, Reply } from '../types'
import { connectPhase, connectTimeoutMessage, deadlineWhileConnecting } from './connect-phase'
import { describeTransportError, replyTooLargeMessage } from './describe-error'
import { abortError, raceAbort, withDeadline } from '../primitives/deadline'
import type { RedisTransport, SendOptions } from './transport'

export { ioredisOptions } from './ioredis-options'

/** The socket under an ioredis client, as far as the adapter watches it. */
export interface IoredisStream {
  /** Node's net.Socket: true until the TCP connection is up. */
  readonly connecting?: boolean
  /** Node's TLSSocket: true. */
  readonly encrypted?: boolean
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

/** REDIS_EXPORTER_CONNECTION_TIMEOUT's default, for a transport built without one. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000

export interface IoredisTransportOptions {
  readonly maxReplyBytes?: number
  /**
   * Bounds one connection attempt as a whole: TCP connect, TLS handshake and AUTH/HELLO/SELECT
   * (REDIS_EXPORTER_CONNECTION_TIMEOUT). ioredis's own connectTimeout stops at the TLS handshake.
   */
  readonly connectTimeoutMs?: number
}

/** One connection attempt, shared by every scrape that needs the connection while it runs. */
interface Attempt {
  readonly client: IoredisClient
  readonly done: Promise<boolean>
  /** Scrapes still waiting on it; the last one to give up abandons it. */
  waiters: number
}

/**
 * The RedisTransport over one ioredis client per target, kept across scrapes (warm reuse).
 * A client that timed out, failed to connect or whose socket died is destroyed and recreated on
 * the next call, never reused. Concurrent scrapes share the client; ioredis keeps each pipeline's
 * replies in order on the shared socket.
 */
export class IoredisTransport implements RedisTransport {
  #client: IoredisClient | undefined
  #attempt: Attempt | undefined
  #generation = 0
  readonly #create: () => IoredisClient
  readonly #secrets: readonly (string | undefined)[]
  readonly #maxReplyBytes: number
  readonly #connectTimeoutMs: number
  readonly #watches = new WeakMap<IoredisClient, Watch>()

  constructor(
    create: () => IoredisClient,
    secrets: readonly (string | undefined)[] = [],
    opts: IoredisTransportOptions = {}
  ) {
    this.#create = create
    this.#secrets = secrets
    this.#maxReplyBytes = opts.maxReplyBytes ?? MAX_REPLY_BYTES
    this.#connectTimeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
  }

  connectionId(): number {
    return this.#generation
  }

  /**
   * Makes sure a connection is ready. Concurrent callers share one attempt; each waits for it at
   * most the connection timeout and never past its own deadline, and is told which of the two ran
   * out and in which phase (TCP, TLS, AUTH/SELECT). The attempt is dropped only when its last
   * waiter gives up, so one scrape's deadline never turns into another's "connection closed".
   */
  async connect({ signal }: SendOptions): Promise<boolean> {
    if (this.#client?.status === 'ready') return false
    if (signal.aborted && !this.#attempt) throw abortError(signal)
    return this.#wait(this.#attempt ?? this.#start(), signal)
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

  #start(): Attempt {
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
    const done = client.connect().then(
      () => {
        watch.failure = undefined
        return true
      },
      (err: unknown) => {
        this.#destroy(client)
        throw this.#wrap(watch.failure ?? err, 'connect')
      }
    )
    const attempt: Attempt = { client, done, waiters: 0 }
    const settle = (): void => {
      if (this.#attempt === attempt) this.#attempt = undefined
    }
    done.then(settle, settle)
    this.#attempt = attempt
    return attempt
  }

  /**
   * One caller's wait for `attempt`: its outcome, or the connection timeout, or the caller's
   * deadline (the parent signal, armed first: when both run out at once, the deadline wins).
   */
  async #wait(attempt: Attempt, signal: AbortSignal): Promise<boolean> {
    attempt.waiters += 1
    const ms = this.#connectTimeoutMs
    let gaveUp = false
    try {
      return await withDeadline(
        ms,
        () => new TimeoutError(connectTimeoutMessage(connectPhase(attempt.client), ms)),
        (inner) => raceAbort(attempt.done, inner, () => (gaveUp = true)),
        signal
      )
    } catch (err) {
      if (!gaveUp || !signal.aborted) throw err
      const reason = abortError(signal)
      const phase = connectPhase(attempt.client)
      throw new TimeoutError(deadlineWhileConnecting(reason.message, phase), { cause: reason })
    } finally {
      attempt.waiters -= 1
      if (gaveUp && attempt.waiters === 0) this.#abandon(attempt)
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
        watch.failure = new TransportError(replyTooLargeMessage(this.#maxReplyBytes))
        this.#destroy(client)
      }
    })
  }

  /**
   * Every waiter gave up on a connect attempt (deadline or connection timeout): drop the half-open
   * client at once, and forget the attempt so the next scrape opens a new connection instead of
   * waiting on the dead one.
   */
  #abandon(attempt: Attempt): void {
    if (this.#attempt === attempt) this.#attempt = undefined
    this.#destroy(attempt.client)
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
