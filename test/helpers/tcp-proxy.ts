import { Socket, createServer } from 'node:net'
import type { Server } from 'node:net'

export type ProxyMode = 'forward' | 'blackhole'

export type TcpProxy = {
  port: number
  /** `forward`: relay bytes both ways. `blackhole`: accept, then silently drop everything. */
  setMode(mode: ProxyMode): void
  /** Sends new connections to another upstream port (a restarted server); open ones are kept. */
  setUpstream(port: number): void
  /** Connections accepted so far. */
  connections(): number
  /** Closes the listener and every socket. Idempotent. */
  close(): Promise<void>
}

const HOST = '127.0.0.1'
/** A bound: a test that leaks connections fails loudly instead of exhausting descriptors. */
const MAX_CONNECTIONS = 64

/**
 * A loopback TCP proxy in front of one upstream port. Switching to `blackhole` simulates a silently
 * dropped path (NAT or conntrack expiry): every connection open at that moment stays dead for good
 * (bytes are read and discarded, nothing is closed), and new connections are accepted but never
 * answered. Switching back to `forward` serves only connections opened afterwards.
 */
export async function startTcpProxy(initialUpstreamPort: number): Promise<TcpProxy> {
  let upstreamPort = initialUpstreamPort
  let mode: ProxyMode = 'forward'
  let accepted = 0
  const sockets = new Set<Socket>()
  const dead = new WeakSet<Socket>()
  /** Client sockets that were relayed (to mark dead when the path is dropped). */
  const relayed = new Set<Socket>()

  const server: Server = createServer((client) => {
    accepted += 1
    sockets.add(client)
    client.on('close', () => {
      sockets.delete(client)
      relayed.delete(client)
    })
    client.on('error', () => undefined)
    if (sockets.size > MAX_CONNECTIONS) {
      client.destroy()
      return
    }
    if (mode === 'blackhole') {
      dead.add(client)
      client.on('data', () => undefined) // read and drop
      return
    }
    const upstream = new Socket()
    sockets.add(upstream)
    upstream.on('close', () => sockets.delete(upstream))
    upstream.on('error', () => client.destroy())
    upstream.connect(upstreamPort, HOST)
    client.on('data', (chunk) => {
      if (!dead.has(client)) upstream.write(chunk)
    })
    upstream.on('data', (chunk) => {
      if (!dead.has(client)) client.write(chunk)
    })
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => {
      if (!dead.has(client)) client.destroy()
    })
    relayed.add(client)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, HOST, () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('proxy has no port')

  let closing: Promise<void> | undefined
  return {
    port: address.port,
    setMode(next) {
      mode = next
      if (next === 'blackhole') for (const client of relayed) dead.add(client)
    },
    setUpstream(port) {
      upstreamPort = port
    },
    connections: () => accepted,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      })),
  }
}
