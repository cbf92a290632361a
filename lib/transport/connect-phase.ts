/**
 * Where a connection attempt is, as far as a timeout message needs it: the TCP connect (DNS
 * included), the TLS handshake, or the AUTH/HELLO/SELECT commands ioredis sends before the
 * connection is ready.
 */
export type ConnectPhase = 'tcp' | 'tls' | 'handshake'

/** What the phase is read from: an ioredis client and its socket. */
export interface PhaseSource {
  /** ioredis: `connecting` until TCP (and TLS) are up, `connect` while AUTH/SELECT run, `ready`. */
  readonly status: string
  readonly stream?: {
    /** Node's net.Socket: true until the TCP connection is up. */
    readonly connecting?: boolean
    /** Node's TLSSocket: always true. */
    readonly encrypted?: boolean
  }
}

const PHASES: Readonly<Record<ConnectPhase, { readonly name: string; readonly hint: string }>> = {
  tcp: {
    name: 'TCP connect',
    hint: 'is the host reachable and the port open? a firewall or security group may be dropping the packets',
  },
  tls: {
    name: 'TLS handshake',
    hint: 'is this port plaintext? use redis:// instead of rediss://',
  },
  handshake: {
    name: 'AUTH/SELECT',
    hint: 'the server accepted the connection but did not answer AUTH/HELLO/SELECT (an overloaded server, or a port that is not Redis)',
  },
}

export function connectPhase(client: PhaseSource): ConnectPhase {
  if (client.status === 'connect') return 'handshake'
  const stream = client.stream
  if (stream?.encrypted && stream.connecting === false) return 'tls'
  return 'tcp'
}

/** The connection timeout ran out: names the phase that hung, the setting and what to check. */
export function connectTimeoutMessage(phase: ConnectPhase, timeoutMs: number): string {
  const { name, hint } = PHASES[phase]
  return `${name} did not complete within REDIS_EXPORTER_CONNECTION_TIMEOUT (${timeoutMs / 1000}s): ${hint}`
}

/** The scrape deadline ran out while connecting: its own reason, then where the connect hung. */
export function deadlineWhileConnecting(reason: string, phase: ConnectPhase): string {
  const { name, hint } = PHASES[phase]
  return `${reason}, while connecting (${name} did not complete: ${hint})`
}
