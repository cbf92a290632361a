import { connect, createServer } from 'node:net'
import type { AddressInfo, Socket } from 'node:net'
import { RespDecoder } from './resp'

/**
 * A proxy in front of a real server that answers every command with the bytes the server sent
 * the first time that command was seen (on a connection of the same protocol), so two clients
 * sending the same commands one after the other read byte-identical replies even where the
 * server moved on (INFO counters, CLIENT LIST ages, SLOWLOG entries). Every command is still
 * forwarded, so the connection's state (AUTH, HELLO, SELECT, CLIENT SETNAME) is real.
 */
export interface ReplayProxy {
  readonly port: number
  /** Replies answered from the record so far (a test that replays nothing proves nothing). */
  replayed(): number
  stop(): Promise<void>
}

export async function startReplayProxy(upstreamPort: number): Promise<ReplayProxy> {
  const record = new Map<string, Buffer>()
  const sockets = new Set<Socket>()
  let replayed = 0
  const server = createServer((down) => {
    const up = connect(upstreamPort, '127.0.0.1')
    for (const s of [down, up]) {
      sockets.add(s)
      s.on('error', () => undefined)
      s.on('close', () => {
        sockets.delete(s)
        down.destroy()
        up.destroy()
      })
    }
    const waiting: string[] = []
    forwardCommands(down, up, waiting)
    const replies = new RespDecoder()
    let raw: Buffer = Buffer.alloc(0)
    up.on('data', (chunk: Buffer) => {
      raw = raw.length > 0 ? Buffer.concat([raw, chunk]) : chunk
      replies.push(chunk)
      while (replies.next()) {
        const end = raw.length - replies.pendingBytes
        const bytes = Buffer.from(raw.subarray(0, end))
        raw = raw.subarray(end)
        const key = waiting.shift() ?? ''
        const known = record.get(key)
        if (known) replayed += 1
        else record.set(key, bytes)
        down.write(known ?? bytes)
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    replayed: () => replayed,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

/** Sends the client's bytes on as they are, and queues each command's record key (protocol + args). */
function forwardCommands(down: Socket, up: Socket, waiting: string[]): void {
  const commands = new RespDecoder()
  let protocol = 2
  down.on('data', (chunk: Buffer) => {
    up.write(chunk)
    commands.push(chunk)
    for (const value of commands.drain()) {
      const args = Array.isArray(value) ? value.map(String) : [String(value)]
      if (args[0]?.toUpperCase() === 'HELLO') protocol = Number(args[1])
      waiting.push(`${protocol} ${JSON.stringify(args)}`)
    }
  })
}
