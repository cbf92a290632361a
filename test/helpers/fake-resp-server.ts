import { createServer } from 'node:net'
import type { AddressInfo, Server, Socket } from 'node:net'
import { RespDecoder, RespError } from './resp'

/**
 * A reply the fake server writes. Strings are bulk strings; `{ simple }` a status reply, `{ error }`
 * an error reply, numbers integers, arrays arrays, `null` a null bulk string, `{ raw }` bytes
 * written as they are (garbage, a truncated reply, a RESP3 type).
 */
export type FakeReply =
  | string
  | number
  | null
  | { readonly simple: string }
  | { readonly error: string }
  | { readonly raw: string | Buffer }
  | readonly FakeReply[]

/**
 * What the handler answers for one command: a reply, `'hang'` (read on, never answer),
 * `'close'` (drop the connection), or undefined for the default (`-ERR unknown command`).
 */
export type FakeAnswer = FakeReply | 'hang' | 'close' | undefined

/** One received command, as the client sent it (name as sent, arguments as strings). */
export type FakeCommand = readonly string[]

export interface FakeRespServer {
  readonly port: number
  /** `redis://127.0.0.1:PORT`. */
  readonly url: string
  /** Every command received so far, in order, across connections. */
  readonly commands: readonly FakeCommand[]
  /** Connections accepted so far. */
  accepted(): number
  /** Connections open now. */
  open(): number
  /** Total bytes received from clients (a connection that must never be made shows 0). */
  bytesReceived(): number
  stop(): Promise<void>
}

export interface FakeRespOptions {
  /** Answers one command; `command[0]` is upper-cased. */
  readonly handler: (command: FakeCommand, socket: Socket) => FakeAnswer
  readonly host?: string
  /** Accept TCP and never read or answer anything (not even AUTH). */
  readonly silent?: boolean
}

/**
 * A scriptable Redis stand-in speaking RESP2 over TCP on a free port: the hostile or exotic replies
 * a real redis-server cannot be made to send (a 1 MB error, `databases 100000`, 100k cluster
 * nodes, an AUTH that never answers). Commands are decoded with the test RESP codec.
 */
export async function startFakeRespServer(opts: FakeRespOptions): Promise<FakeRespServer> {
  const host = opts.host ?? '127.0.0.1'
  const commands: FakeCommand[] = []
  const sockets = new Set<Socket>()
  let accepted = 0
  let received = 0
  const server: Server = createServer((socket) => {
    accepted += 1
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    const decoder = new RespDecoder()
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (opts.silent) return
      try {
        decoder.push(chunk)
        for (const value of decoder.drain()) {
          if (!Array.isArray(value)) continue
          const command = value.map((v, i) => (i === 0 ? String(v).toUpperCase() : String(v)))
          commands.push(command)
          const answer = opts.handler(command, socket)
          if (answer === 'hang') continue
          if (answer === 'close') {
            socket.destroy()
            return
          }
          socket.write(encodeReply(answer === undefined ? unknownCommand(command) : answer))
        }
      } catch {
        socket.destroy()
      }
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port: 0, host }, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    port,
    url: `redis://${host.includes(':') ? `[${host}]` : host}:${port}`,
    commands,
    accepted: () => accepted,
    open: () => sockets.size,
    bytesReceived: () => received,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

function unknownCommand(command: FakeCommand): FakeReply {
  return { error: `ERR unknown command '${command[0] ?? ''}'` }
}

/** RESP2 bytes of one reply. */
export function encodeReply(reply: FakeReply): Buffer {
  if (reply === null) return Buffer.from('$-1\r\n')
  if (typeof reply === 'number') return Buffer.from(`:${Math.trunc(reply)}\r\n`)
  if (typeof reply === 'string') {
    const data = Buffer.from(reply, 'utf8')
    return Buffer.concat([Buffer.from(`$${data.length}\r\n`), data, Buffer.from('\r\n')])
  }
  if (Array.isArray(reply)) {
    return Buffer.concat([Buffer.from(`*${reply.length}\r\n`), ...reply.map(encodeReply)])
  }
  const r = reply as Exclude<FakeReply, string | number | null | readonly FakeReply[]>
  if ('simple' in r) return Buffer.from(`+${r.simple}\r\n`)
  if ('error' in r) return Buffer.from(`-${r.error.replace(/\r?\n/g, ' ')}\r\n`)
  return Buffer.isBuffer(r.raw) ? r.raw : Buffer.from(r.raw, 'utf8')
}

/**
 * A handler for a plausible Redis 7 standalone server: AUTH, SELECT, PING, CLIENT and HELLO
 * succeed, INFO answers `info`, CONFIG GET answers from `config`, anything in `extra` wins.
 */
export function redisLikeHandler(opts: {
  readonly info: string
  readonly config?: Readonly<Record<string, string>>
  readonly extra?: (command: FakeCommand) => FakeAnswer
}): (command: FakeCommand) => FakeAnswer {
  return (command) => {
    const answer = opts.extra?.(command)
    if (answer !== undefined) return answer
    switch (command[0]) {
      case 'AUTH':
      case 'SELECT':
      case 'CLIENT':
        return { simple: 'OK' }
      case 'PING':
        return { simple: 'PONG' }
      case 'INFO':
        return opts.info
      case 'CONFIG': {
        const out: string[] = []
        for (const name of command.slice(2)) {
          const value = opts.config?.[name]
          if (value !== undefined) out.push(name, value)
        }
        return out
      }
      case 'SLOWLOG':
        return command[1]?.toUpperCase() === 'LEN' ? 0 : []
      case 'LATENCY':
        return []
      default:
        return undefined
    }
  }
}

export { RespError }
