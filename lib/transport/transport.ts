import type { Command, Reply } from '../types'

export interface SendOptions {
  /** Aborts the round trip; the transport rejects with TimeoutError. */
  readonly signal: AbortSignal
}

/**
 * The port every runtime implements: a list of commands in, one reply per command out, ONE round trip.
 *
 * - `send` resolves with exactly `commands.length` replies, in order. A command Redis rejected is an
 *   `{ ok: false }` reply, never a rejection.
 * - `send` rejects with TransportError or TimeoutError only when the round trip itself fails.
 * - `connect` (optional) makes sure a connection is ready so the collector can time it apart from the
 *   commands; it resolves `true` when it had to open a new connection and `false` when a warm one was reused.
 *   It rejects with TimeoutError when the signal aborts or the connection timeout runs out, naming
 *   which of the two and the phase that hung (TCP connect, TLS handshake, AUTH/SELECT).
 * - `connectionId` (optional) changes whenever the transport opens a new connection; per-connection
 *   caches (CONFIG GET values) key on it.
 * - `profile` (optional) names a service whose command set is restricted and billed per command, so
 *   the collector plans only what works there. `'upstash'`: Upstash over REST, which answers only
 *   INFO (sections server, clients, memory, stats, cluster, keyspace) of the plan's commands.
 */
export interface RedisTransport {
  send(commands: readonly Command[], opts: SendOptions): Promise<Reply[]>
  connect?(opts: SendOptions): Promise<boolean>
  connectionId?(): number
  readonly profile?: TransportProfile
}

/** A restricted service behind a transport (see RedisTransport.profile). */
export type TransportProfile = 'upstash'
