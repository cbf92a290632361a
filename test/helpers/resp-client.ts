import { connect } from 'node:net'
import type { Socket } from 'node:net'
import { encodeCommand, RespDecoder, RespError } from './resp'
import type { RespValue } from './resp'

export type RespConnectOptions = {
  port: number
  host?: string
  password?: string
  /** Connect / per-reply timeout. Default 20 s. */
  timeoutMs?: number
}

type Pending = { resolve: (v: RespValue) => void; reject: (e: Error) => void }

/**
 * A raw RESP2 connection (no ioredis): replies are matched to commands in order, error replies
 * reject with RespError. Keeps state across calls (SELECT, CLIENT SETNAME, ...).
 */
export class RespConnection {
  private readonly decoder = new RespDecoder()
  private readonly pending: Pending[] = []
  private failure: Error | undefined

  private constructor(
    private readonly socket: Socket,
    private readonly timeoutMs: number
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('error', (err) => this.fail(err))
    socket.on('close', () => this.fail(new Error('connection closed')))
    socket.on('timeout', () => {
      if (this.pending.length > 0) {
        this.fail(new Error(`no reply within ${this.timeoutMs} ms`))
        socket.destroy()
      }
    })
  }

  static async open(opts: RespConnectOptions): Promise<RespConnection> {
    const host = opts.host ?? '127.0.0.1'
    const timeoutMs = opts.timeoutMs ?? 20_000
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host, port: opts.port })
      const timer = setTimeout(() => {
        s.destroy()
        reject(new Error(`connect to ${host}:${opts.port} timed out after ${timeoutMs} ms`))
      }, timeoutMs)
      s.once('connect', () => {
        clearTimeout(timer)
        s.removeListener('error', onError)
        resolve(s)
      })
      const onError = (err: Error) => {
        clearTimeout(timer)
        reject(err)
      }
      s.once('error', onError)
    })
    socket.setNoDelay(true)
    socket.setTimeout(timeoutMs)
    const conn = new RespConnection(socket, timeoutMs)
    if (opts.password !== undefined) {
      try {
        await conn.call('AUTH', opts.password)
      } catch (err) {
        conn.close()
        throw err
      }
    }
    return conn
  }

  /** Sends one command; resolves with the decoded reply, rejects with RespError on an error reply. */
  call(...args: (string | number)[]): Promise<RespValue> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise<RespValue>((resolve, reject) => {
      this.pending.push({ resolve, reject })
      this.socket.write(encodeCommand(args))
    })
  }

  close(): void {
    this.socket.destroy()
  }

  private onData(chunk: Buffer): void {
    this.decoder.push(chunk)
    try {
      for (let r = this.decoder.next(); r !== undefined; r = this.decoder.next()) {
        const waiter = this.pending.shift()
        if (!waiter) continue // unsolicited data (e.g. pub/sub): ignore
        if (r.value instanceof RespError) waiter.reject(r.value)
        else waiter.resolve(r.value)
      }
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)))
      this.socket.destroy()
    }
  }

  private fail(err: Error): void {
    this.failure ??= err
    for (let w = this.pending.shift(); w !== undefined; w = this.pending.shift()) w.reject(err)
  }
}

/** Opens a connection (with AUTH when a password is given), sends one command, closes. */
export async function respCommand(
  opts: RespConnectOptions,
  ...args: (string | number)[]
): Promise<RespValue> {
  const conn = await RespConnection.open(opts)
  try {
    return await conn.call(...args)
  } finally {
    conn.close()
  }
}
