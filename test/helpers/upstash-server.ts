import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { RespConnection } from './resp-client'
import { RespError } from './resp'
import type { RespValue } from './resp'

/**
 * A test server that speaks the Upstash REST protocol in front of a real redis-server:
 * `POST /` (one command as a JSON array), `POST /pipeline` (an array of commands, answered with
 * an array of `{result}` / `{error}`), `Authorization: Bearer <token>` (or `?_token=`), and
 * `Upstash-Encoding: base64` (every string result base64 except `OK`). A failed single command is
 * HTTP 400 `{error}`, a bad token HTTP 401. Each request opens its own Redis connection, as the
 * stateless REST API does.
 *
 * Path prefixes, so concurrent tests never share state:
 * - `/t/<tag>/…` counts requests under `<tag>` (read them with `GET /__stats?tag=<tag>`);
 * - `/fault/<kind>/…` answers with a fault instead: `401`, `400` (`{error}`), `500`, `503`,
 *   `nonjson` (HTTP 200 HTML), `badshape` (`{result}` to a pipeline), `slow` (answers after
 *   `slowMs`), `reset` (drops the connection), `503x<N>` (HTTP 503 for the first N requests of
 *   the tag, then normal answers); and one that is not a fault: `upstash-info` answers INFO with
 *   only the sections Upstash offers (server, clients, memory, stats, cluster, keyspace).
 */
export type UpstashServer = {
  url: string
  token: string
  port: number
  /** Every request received (newest last), with lower-cased header names. */
  readonly requests: RecordedRequest[]
  stats(tag?: string): UpstashStats
  stop(): Promise<void>
}

export type RecordedRequest = {
  method: string
  path: string
  tag: string
  headers: Record<string, string>
  body: string
}

export type UpstashStats = { requests: number; commands: number; pipelines: number }

export type StartUpstashOptions = {
  redis: { port: number; host?: string; password?: string }
  token?: string
  /** How long `/fault/slow` waits before answering. Default 10 s. */
  slowMs?: number
}

const MAX_BODY = 1024 * 1024

export async function startUpstashServer(opts: StartUpstashOptions): Promise<UpstashServer> {
  const token = opts.token ?? 'upstash-test-token'
  const requests: RecordedRequest[] = []
  const stats = new Map<string, UpstashStats>()
  const sockets = new Set<Socket>()
  const statsFor = (tag: string): UpstashStats => {
    let s = stats.get(tag)
    if (!s) stats.set(tag, (s = { requests: 0, commands: 0, pipelines: 0 }))
    return s
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (req.method === 'GET' && url.pathname === '/__stats') {
      return json(res, 200, statsFor(url.searchParams.get('tag') ?? ''))
    }
    const body = await readBody(req)
    const segments = url.pathname.split('/').filter((s) => s !== '')
    const tag = segments[0] === 't' ? (segments.splice(0, 2)[1] ?? '') : ''
    const fault = segments[0] === 'fault' ? (segments.splice(0, 2)[1] ?? '') : undefined
    const route = segments.join('/')
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers)) headers[k] = String(v)
    requests.push({ method: req.method ?? '', path: url.pathname, tag, headers, body })
    const s = statsFor(tag)
    s.requests += 1

    const upstashInfo = fault === 'upstash-info'
    if (fault !== undefined && !upstashInfo) {
      const handled = await answerFault(fault, s, req, res, opts.slowMs ?? 10_000)
      if (handled) return
    }
    const forward = async (commands: string[][]) => {
      const replies = await forwardToRedis(opts.redis, commands)
      if (!upstashInfo) return replies
      return replies.map((r, i) =>
        commands[i]?.[0]?.toUpperCase() === 'INFO' && typeof r === 'string' ? upstashSections(r) : r
      )
    }
    const given =
      /^Bearer (.+)$/.exec(headers['authorization'] ?? '')?.[1] ?? url.searchParams.get('_token')
    if (given !== token) return json(res, 401, { error: 'Unauthorized' })
    if (req.method !== 'POST') return json(res, 405, { error: 'ERR method not allowed' })
    const base64 = (headers['upstash-encoding'] ?? '').toLowerCase() === 'base64'
    let parsed: unknown
    try {
      parsed = JSON.parse(body)
    } catch {
      return json(res, 400, { error: 'ERR failed to parse the request body as JSON' })
    }
    if (route === 'pipeline') {
      if (!Array.isArray(parsed) || !parsed.every(isCommand)) {
        return json(res, 400, { error: 'ERR a pipeline must be an array of commands' })
      }
      s.pipelines += 1
      s.commands += parsed.length
      const replies = await forward(parsed)
      return json(
        res,
        200,
        replies.map((r) =>
          r instanceof RespError ? { error: r.message } : { result: enc(r, base64) }
        )
      )
    }
    if (route === '') {
      if (!isCommand(parsed))
        return json(res, 400, { error: 'ERR a command must be an array of strings' })
      s.commands += 1
      const [reply] = await forward([parsed])
      if (reply instanceof RespError) return json(res, 400, { error: reply.message })
      return json(res, 200, { result: enc(reply ?? null, base64) })
    }
    return json(res, 404, { error: `ERR unknown endpoint /${route}` })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { error: `test server: ${String(err)}` })
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  let stopping: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${address.port}`,
    token,
    port: address.port,
    requests,
    stats: (tag = '') => ({ ...statsFor(tag) }),
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })),
  }
}

async function answerFault(
  fault: string,
  stats: UpstashStats,
  req: IncomingMessage,
  res: ServerResponse,
  slowMs: number
): Promise<boolean> {
  const flaky = /^503x(\d+)$/.exec(fault)
  if (flaky) {
    if (stats.requests > Number(flaky[1])) return false
    json(res, 503, { error: 'Service Unavailable' })
    return true
  }
  switch (fault) {
    case '401':
      json(res, 401, { error: 'WRONGPASS invalid or missing auth token' })
      return true
    case '400':
      json(res, 400, { error: 'ERR max request size exceeded' })
      return true
    case '500':
      json(res, 500, { error: 'Internal Server Error' })
      return true
    case '503':
      json(res, 503, { error: 'Service Unavailable' })
      return true
    case 'nonjson':
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<html><body>502 Bad Gateway</body></html>')
      return true
    case 'badshape':
      json(res, 200, { result: 'not a list' })
      return true
    case 'reset':
      req.socket.destroy()
      return true
    case 'slow':
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, slowMs)
        req.socket.once('close', () => {
          clearTimeout(timer)
          resolve()
        })
      })
      return false
    default:
      json(res, 400, { error: `ERR unknown test fault ${fault}` })
      return true
  }
}

const UPSTASH_SECTIONS = new Set(['server', 'clients', 'memory', 'stats', 'cluster', 'keyspace'])

/** INFO as Upstash gives it: only the sections it offers. */
function upstashSections(info: string): string {
  return info
    .split(/\r\n(?=# )/)
    .filter((block) => UPSTASH_SECTIONS.has(/^# (\w+)/.exec(block)?.[1]?.toLowerCase() ?? ''))
    .join('\r\n')
}

async function forwardToRedis(
  redis: StartUpstashOptions['redis'],
  commands: string[][]
): Promise<(RespValue | RespError)[]> {
  const conn = await RespConnection.open({
    port: redis.port,
    host: redis.host ?? '127.0.0.1',
    password: redis.password,
    timeoutMs: 5_000,
  })
  try {
    return await Promise.all(
      commands.map((c) =>
        conn.call(...c).catch((err: unknown) => {
          if (err instanceof RespError) return err
          throw err
        })
      )
    )
  } finally {
    conn.close()
  }
}

/** `Upstash-Encoding: base64`: strings (except OK) as base64 of their UTF-8 bytes, recursively. */
function enc(value: RespValue, base64: boolean): unknown {
  if (value instanceof RespError) return value.message
  if (Array.isArray(value)) return value.map((v) => enc(v, base64))
  if (typeof value === 'string' && base64 && value !== 'OK') {
    return Buffer.from(value, 'utf8').toString('base64')
  }
  return value
}

function isCommand(value: unknown): value is string[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((v) => typeof v === 'string' || typeof v === 'number')
  )
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY) req.destroy(new Error('body too large'))
      else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
