import type { IoredisClient } from './ioredis'
import { ReplyError, RespDecoder } from './resp-codec'
import { encodeCommand } from './resp-encode'
import type { ConnectRespSocket, RespSocket } from './resp-socket'

/**
 * What the lean client reads from a target's options (the ioredis options ioredisOptions builds:
 * an ioredis `RedisOptions` is one). Every other option is ioredis behaviour this client has
 * built in: lazy connect, no offline queue, no retries, no reconnect, no ready check.
 */
export interface RespClientOptions {
  readonly host?: string
  readonly port?: number
  readonly db?: number
  readonly username?: string
  readonly password?: string
  /** Node's tls.connect options (servername, ca, cert, key, rejectUnauthorized): rediss://. */
  readonly tls?: object
  readonly protocol?: number
  /** Backstop, ms: the whole connect, HELLO/AUTH/SELECT included. The transport's bound comes first. */
  readonly connectTimeout?: number
  /** Backstop, ms: one pipeline. The scrape's deadline comes first. */
  readonly commandTimeout?: number
}

type Result = [Error | null, unknown]
type Args = readonly string[]

interface Batch {
  readonly results: Result[]
  readonly size: number
  readonly resolve: (results: Result[]) => void
  readonly reject: (err: Error) => void
  timer?: ReturnType<typeof setTimeout>
}

/** ioredis's text for commands cut off by a closed connection (describe-error.ts matches it). */
export const CONNECTION_CLOSED = 'Connection is closed.'

/** AUTH errors ioredis ignores: the password is not needed (it warns and goes on). */
const HARMLESS_AUTH =
  /no password is set|without any password configured for the default user|wrong number of arguments for 'auth' command/

/**
 * A lean Redis client with the surface IoredisTransport uses (IoredisClient) and ioredis's
 * behaviour there: status wait → connecting → connect (HELLO/AUTH/SELECT) → ready → end, 'error'
 * events with the socket's own errors, pipelines as one write with replies in order, error
 * replies as ReplyError results, "Connection is closed." for commands a closed socket cut off.
 * One connection per client, never reconnected: the transport makes a new client instead.
 */
export class RespClient implements IoredisClient {
  status = 'wait'
  stream: RespSocket | undefined
  readonly #options: RespClientOptions
  readonly #open: ConnectRespSocket
  readonly #queue: Batch[] = []
  readonly #onError: ((err: Error) => void)[] = []
  readonly #onConnect: (() => void)[] = []
  #ready: { resolve: () => void; reject: (err: Error) => void } | undefined
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(options: RespClientOptions, open: ConnectRespSocket) {
    this.#options = options
    this.#open = open
  }

  on(event: 'error', listener: (err: Error) => void): this
  on(event: 'connect', listener: () => void): this
  on(event: 'error' | 'connect', listener: ((err: Error) => void) | (() => void)): this {
    if (event === 'error') this.#onError.push(listener)
    else this.#onConnect.push(listener as () => void)
    return this
  }

  connect(): Promise<void> {
    if (this.status !== 'wait') {
      return Promise.reject(new Error('Redis is already connecting/connected'))
    }
    this.status = 'connecting'
    return new Promise<void>((resolve, reject) => {
      this.#ready = { resolve, reject }
      const ms = this.#options.connectTimeout
      if (ms) this.#timer = setTimeout(() => this.#fatal(connectTimedOut()), ms)
      const { host = 'localhost', port = 6379, tls } = this.#options
      try {
        this.#attach(this.#open({ host, port, ...(tls ? { tls } : {}) }))
      } catch (err) {
        this.#fatal(err instanceof Error ? err : new Error(String(err)))
      }
    })
  }

  pipeline(commands: readonly Args[]): { exec(): Promise<Result[]> } {
    return { exec: () => this.#exec(commands) }
  }

  /** Closes the connection (a graceful end); commands still waiting get "Connection is closed.". */
  disconnect(): void {
    const open = this.status !== 'wait' && this.status !== 'end'
    this.#end(new Error(CONNECTION_CLOSED))
    if (open) this.stream?.end()
  }

  #attach(socket: RespSocket): void {
    this.stream = socket
    const decoder = new RespDecoder({
      reply: (value) => this.#reply(value),
      fatal: (err) => this.#fatal(err),
    })
    socket.on('data', (chunk) => decoder.feed(chunk))
    socket.on('error', (err) => this.#emitError(err))
    socket.on('close', () => this.#end(new Error(CONNECTION_CLOSED), true))
    // A TLS socket's 'connect' is the TCP connect; Redis bytes follow the TLS handshake.
    socket.on(socket.encrypted ? 'secureConnect' : 'connect', () => void this.#handshake())
  }

  async #handshake(): Promise<void> {
    if (this.status !== 'connecting') return
    this.status = 'connect'
    for (const listener of this.#onConnect) listener()
    try {
      await this.#negotiate()
    } catch (err) {
      this.#fatal(err instanceof Error ? err : new Error(String(err)))
      return
    }
    if (this.status !== 'connect') return
    clearTimeout(this.#timer)
    this.status = 'ready'
    this.#ready?.resolve()
    this.#ready = undefined
  }

  /**
   * ioredis's handshake: protocol 3 sends HELLO 3 (with AUTH) and SELECT in one write, and falls
   * back to protocol 2 when the server has no RESP3 (no HELLO, or NOPROTO); protocol 2 sends
   * AUTH [user] password and SELECT. A failed AUTH fails the connect; a failed SELECT is
   * reported as an 'error' event and the connection is used as it is (as ioredis does).
   */
  async #negotiate(): Promise<void> {
    const { protocol, username, password, db } = this.#options
    const select: Args[] = db ? [['SELECT', String(db)]] : []
    // As ioredis: a user without a password still authenticates (with an empty password).
    const credentials = username ? [username, password ?? ''] : password ? [password] : []
    if (protocol === 3) {
      const auth = credentials.length > 0 ? ['AUTH', username || 'default', password ?? ''] : []
      const [hello, ...selected] = await this.#send([['HELLO', '3', ...auth], ...select])
      if (!isNoResp3(hello?.[0])) return this.#checkHandshake(hello, selected)
    }
    const auth: Args[] = credentials.length > 0 ? [['AUTH', ...credentials]] : []
    const results = await this.#send([...auth, ...select])
    this.#checkHandshake(auth.length > 0 ? results[0] : undefined, results.slice(auth.length))
  }

  #checkHandshake(auth: Result | undefined, selected: readonly Result[]): void {
    const err = auth?.[0]
    if (err && !HARMLESS_AUTH.test(err.message)) throw err
    for (const [selectErr] of selected) if (selectErr) this.#emitError(selectErr)
  }

  #exec(commands: readonly Args[]): Promise<Result[]> {
    if (this.status !== 'ready') {
      return Promise.reject(
        new Error("Stream isn't writeable and enableOfflineQueue options is false")
      )
    }
    const batch = this.#send(commands)
    const last = this.#queue[this.#queue.length - 1]
    const ms = this.#options.commandTimeout
    if (ms && last) last.timer = setTimeout(() => this.#fatal(new Error('Command timed out')), ms)
    return batch
  }

  /** Writes `commands` at once (a leading 'call' is ioredis's method name, not sent). */
  #send(commands: readonly Args[]): Promise<Result[]> {
    if (commands.length === 0) return Promise.resolve([])
    let out = ''
    for (const args of commands) out += encodeCommand(args, args[0] === 'call' ? 1 : 0)
    return new Promise<Result[]>((resolve, reject) => {
      this.#queue.push({ results: [], size: commands.length, resolve, reject })
      this.stream?.write(out)
    })
  }

  #reply(value: unknown): void {
    const batch = this.#queue[0]
    if (!batch) {
      this.#fatal(new Error('Protocol error: a reply arrived with no command waiting for it'))
      return
    }
    batch.results.push(value instanceof ReplyError ? [value, null] : [null, value])
    if (batch.results.length < batch.size) return
    this.#queue.shift()
    clearTimeout(batch.timer)
    batch.resolve(batch.results)
  }

  #emitError(err: Error): void {
    if (this.status === 'end') return
    for (const listener of this.#onError) listener(err)
  }

  /** The connection cannot go on: report why, fail what waits on it, drop the socket. */
  #fatal(err: Error): void {
    if (this.status === 'end') return
    this.#emitError(err)
    this.#end(err)
    this.stream?.destroy()
  }

  /**
   * Fails what waits on the connection with `err`; when the socket closed, a pipeline cut after
   * some of its replies gets ioredis's "Command aborted due to connection close" instead.
   */
  #end(err: Error, closed = false): void {
    clearTimeout(this.#timer)
    this.status = 'end'
    const ready = this.#ready
    this.#ready = undefined
    ready?.reject(err)
    for (const batch of this.#queue.splice(0)) {
      clearTimeout(batch.timer)
      batch.reject(closed && batch.results.length > 0 ? abortedByClose() : err)
    }
  }
}

/** HELLO failed because the server has no RESP3 (Redis < 6: unknown command; or NOPROTO). */
function isNoResp3(err: Error | null | undefined): boolean {
  const msg = (err?.message ?? '').toUpperCase()
  return msg.includes('NOPROTO') || (msg.includes('UNKNOWN COMMAND') && msg.includes('HELLO'))
}

/** ioredis's error (redis-errors' AbortError) for commands of a pipeline cut by a close. */
function abortedByClose(): Error {
  const err = new Error('Command aborted due to connection close')
  err.name = 'AbortError'
  return err
}

/** ioredis's connect timeout error (a Node-style socket error: code and syscall). */
function connectTimedOut(): Error {
  return Object.assign(new Error('connect ETIMEDOUT'), {
    errorno: 'ETIMEDOUT',
    code: 'ETIMEDOUT',
    syscall: 'connect',
  })
}
