// The lean RESP client's socket: node:net, or node:tls for rediss:// (ioredis's tls options as they are).
// Node and workerd (nodejs_compat) both provide these.
import { connect as tcpConnect } from 'node:net'
import type * as Tls from 'node:tls'
import type { RespClient } from '../lib/index'
import { builtin } from './node-builtin'

/** The socket port of the lean client (lib/transport/resp-socket.ts). */
type ConnectRespSocket = ConstructorParameters<typeof RespClient>[1]

/**
 * TCP with Nagle off and keep-alive probes after 30 s idle, as ioredis sets them; TLS over it for
 * rediss:// (node:tls loaded then: a Lambda without TLS targets never loads it).
 */
export const nodeRespSocket: ConnectRespSocket = ({ host, port, tls }) => {
  const socket = tls
    ? builtin<typeof Tls>('node:tls').connect({ host, port, ...(tls as Tls.ConnectionOptions) })
    : tcpConnect({ host, port })
  return socket.setNoDelay(true).setKeepAlive(true, 30_000)
}
