import { connect, createServer } from 'node:net'
import type { Server, Socket } from 'node:net'

/**
 * How the proxy treats traffic, switchable at any time:
 * - `pass`: forwards both ways (closing one side closes the other);
 * - `silent`: accepts connections and reads requests, never replies (a hung server);
 * - `blackhole`: drops every byte both ways on every connection, old and new, and never closes
 *   (a network that silently loses packets; the TCP handshake itself still succeeds on loopback);
 * - `close-mid-reply`: forwards requests, passes `cutAfterBytes` bytes of the reply, then closes;
 * - `slow`: forwards, holding every reply chunk back `delayMs`;
 * - `garbage`: answers any request with bytes that are not RESP (an HTTP error page);
 * - `huge-reply`: answers any request with a bulk string header of `hugeBytes` and streams filler.
 */
export type FaultMode =
  'pass' | 'silent' | 'blackhole' | 'close-mid-reply' | 'slow' | 'garbage' | 'huge-reply'

export type FaultOptions = { cutAfterBytes?: number; delayMs?: number; hugeBytes?: number }

export type FaultProxy = {
  port: number
  /** `redis://127.0.0.1:PORT`. */
  url: string
  readonly mode: FaultMode
  setMode(mode: FaultMode, opts?: FaultOptions): void
  /** Points new connections at another upstream port (a restarted server). */
  setUpstream(port: number): void
  /** Destroys every open connection, as a server restart or a network reset does. */
  dropConnections(): void
  /** Client connections currently open through the proxy. */
  openConnections(): number
  /** Client connections accepted so far. */
  accepted(): number
  /** Bytes written to clients in `huge-reply` mode so far. */
  hugeBytesSent(): number
  stop(): Promise<void>
}

const HOST = '127.0.0.1'
const GARBAGE = 'HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\n\r\n<html>nope</html>\r\n'
const FILLER = Buffer.alloc(64 * 1024, 'x')

/** Starts a fault-injecting TCP proxy on a free loopback port in front of `upstreamPort`. */
export async function startFaultProxy(opts: { upstreamPort: number }): Promise<FaultProxy> {
  let upstreamPort = opts.upstreamPort
  let mode: FaultMode = 'pass'
  let options: FaultOptions = {}
  let accepted = 0
  let hugeSent = 0
  const clients = new Set<Socket>()
  const upstreams = new Set<Socket>()

  const server: Server = createServer((client) => {
    accepted += 1
    clients.add(client)
    client.on('error', () => undefined)
    let upstream: Socket | undefined
    let cut = 0
    let streaming = false
    const closeBoth = () => {
      client.destroy()
      upstream?.destroy()
    }
    client.on('close', () => {
      clients.delete(client)
      upstream?.destroy()
    })
    const openUpstream = (): Socket => {
      if (upstream) return upstream
      const up = connect({ host: HOST, port: upstreamPort })
      upstream = up
      upstreams.add(up)
      up.on('error', () => client.destroy())
      up.on('close', () => {
        upstreams.delete(up)
        if (mode !== 'blackhole' && mode !== 'silent') client.destroy()
      })
      up.on('data', (chunk: Buffer) => {
        if (mode === 'pass') client.write(chunk)
        else if (mode === 'slow')
          setTimeout(() => client.writable && client.write(chunk), options.delayMs ?? 5_000)
        else if (mode === 'close-mid-reply') {
          const room = (options.cutAfterBytes ?? 100) - cut
          if (room > 0) client.write(chunk.subarray(0, room))
          cut += Math.min(room, chunk.length)
          if (cut >= (options.cutAfterBytes ?? 100)) closeBoth()
        }
        // silent, blackhole, garbage, huge-reply: the reply is lost
      })
      return up
    }
    const streamHuge = () => {
      if (streaming) return
      streaming = true
      const total = options.hugeBytes ?? 1024 * 1024 * 1024
      client.write(`$${total}\r\n`)
      let left = total
      const pump = () => {
        while (left > 0 && !client.destroyed) {
          const chunk = FILLER.subarray(0, Math.min(FILLER.length, left))
          left -= chunk.length
          hugeSent += chunk.length
          if (!client.write(chunk)) {
            client.once('drain', pump)
            return
          }
        }
      }
      pump()
    }
    client.on('data', (chunk: Buffer) => {
      switch (mode) {
        case 'pass':
        case 'slow':
        case 'close-mid-reply':
          openUpstream().write(chunk)
          return
        case 'garbage':
          client.write(GARBAGE)
          return
        case 'huge-reply':
          streamHuge()
          return
        default:
        // silent, blackhole: requests are swallowed
      }
    })
  })
  server.on('error', () => undefined)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host: HOST, port: 0 }, () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('fault proxy has no port')
  server.unref()

  const dropConnections = () => {
    for (const s of [...clients, ...upstreams]) s.destroy()
  }
  let stopping: Promise<void> | undefined
  return {
    port: address.port,
    url: `redis://${HOST}:${address.port}`,
    get mode() {
      return mode
    },
    setMode(next, nextOpts = {}) {
      mode = next
      options = nextOpts
    },
    setUpstream(port) {
      upstreamPort = port
    },
    dropConnections,
    openConnections: () => clients.size,
    accepted: () => accepted,
    hugeBytesSent: () => hugeSent,
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        dropConnections()
        server.close(() => resolve())
      })),
  }
}
