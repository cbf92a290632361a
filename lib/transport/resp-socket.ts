/**
 * The socket port of the lean RESP client: what it needs from a byte stream. Node's net.Socket
 * and tls.TLSSocket satisfy it as they are (functions/resp-socket.ts opens them; under workerd's
 * nodejs_compat the same node:net/node:tls calls work).
 */
export interface RespSocket {
  /** Node's net.Socket: true until the TCP connection is up. */
  readonly connecting?: boolean
  /** Node's TLSSocket: true. Its Redis bytes can flow after 'secureConnect', not 'connect'. */
  readonly encrypted?: boolean
  write(data: string): unknown
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown
  on(event: 'error', listener: (err: Error) => void): unknown
  on(event: 'close' | 'connect' | 'secureConnect', listener: () => void): unknown
  /** Graceful close (FIN once written data is flushed). */
  end(): unknown
  destroy(): unknown
}

/** Where to connect: host and port, and the TLS options (Node's tls.connect shape) for rediss://. */
export interface RespSocketOptions {
  readonly host: string
  readonly port: number
  readonly tls?: object
}

/** Opens a socket (starts connecting at once). May throw on options the runtime refuses. */
export type ConnectRespSocket = (options: RespSocketOptions) => RespSocket
