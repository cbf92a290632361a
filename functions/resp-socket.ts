// The lean RESP client's socket: node:net, or node:tls for rediss:// (ioredis's tls options as they are).
// Node and workerd (nodejs_compat) both provide these.
import { connect as tcpConnect } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import type { ConnectionOptions } from 'node:tls'
import type { RespClient } from '../lib/index'

/** The socket port of the lean client (lib/transport/resp-socket.ts). */
type ConnectRespSocket = ConstructorParameters<typeof RespClient>[1]

/** TCP with Nagle off and keep-alive probes after 30 s idle, as ioredis sets them; TLS over it for rediss://. */
export const nodeRespSocket: ConnectRespSocket = ({ host, port, tls }) => {
  const socket = tls
    ? tlsConnect({ host, port, ...(tls as ConnectionOptions) })
    : tcpConnect({ host, port })
  return socket.setNoDelay(true).setKeepAlive(true, 30_000)
}
