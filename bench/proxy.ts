import { connect, createServer } from 'node:net'
import type { Server, Socket } from 'node:net'

/** What a proxy saw, summed over all its connections. */
export interface ProxyCounts {
  /** Client connections accepted (each one is a new connection to Redis). */
  readonly connections: number
  /**
   * Request bursts: client→server data that arrived after the server had answered (or first on a
   * connection). A pipeline is one burst however many TCP segments it takes; a client that waits
   * for each reply before the next command makes one burst per command. So this counts round trips.
   */
  readonly roundTrips: number
  readonly bytesToServer: number
  readonly bytesToClient: number
}

export interface Proxy {
  readonly port: number
  counts(): ProxyCounts
  close(): Promise<void>
}

export interface ProxyOptions {
  readonly targetPort: number
  readonly targetHost?: string
  /** Added round-trip time: each chunk is held for half of it in each direction. */
  readonly delayMs?: number
  readonly listenPort?: number
}

/** A loopback TCP proxy in front of one Redis that counts round trips and can add latency. */
export async function startProxy(opts: ProxyOptions): Promise<Proxy> {
  const counts = { connections: 0, roundTrips: 0, bytesToServer: 0, bytesToClient: 0 }
  const sockets = new Set<Socket>()
  const half = (opts.delayMs ?? 0) / 2
  // Timers with the same duration fire in creation order, so delayed chunks keep their order.
  const forward = (to: Socket, chunk: Buffer) => {
    if (half > 0) setTimeout(() => to.destroyed || to.write(chunk), half)
    else to.write(chunk)
  }
  const server: Server = createServer((client) => {
    counts.connections += 1
    const upstream = connect({ port: opts.targetPort, host: opts.targetHost ?? '127.0.0.1' })
    client.setNoDelay(true)
    upstream.setNoDelay(true)
    sockets.add(client)
    sockets.add(upstream)
    let awaitingReply = false
    client.on('data', (chunk: Buffer) => {
      if (!awaitingReply) counts.roundTrips += 1
      awaitingReply = true
      counts.bytesToServer += chunk.length
      forward(upstream, chunk)
    })
    upstream.on('data', (chunk: Buffer) => {
      awaitingReply = false
      counts.bytesToClient += chunk.length
      forward(client, chunk)
    })
    const end = () => {
      const close = () => {
        client.destroy()
        upstream.destroy()
        sockets.delete(client)
        sockets.delete(upstream)
      }
      if (half > 0) setTimeout(close, half)
      else close()
    }
    client.on('close', end)
    upstream.on('close', end)
    client.on('error', end)
    upstream.on('error', end)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port: opts.listenPort ?? 0, host: '127.0.0.1' }, () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('proxy has no port')
  return {
    port: address.port,
    counts: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

export function diffCounts(a: ProxyCounts, b: ProxyCounts): ProxyCounts {
  return {
    connections: b.connections - a.connections,
    roundTrips: b.roundTrips - a.roundTrips,
    bytesToServer: b.bytesToServer - a.bytesToServer,
    bytesToClient: b.bytesToClient - a.bytesToClient,
  }
}
