// A Worker's TCP targets: a fresh lean RESP client per request or cron run, closed when it ends
// (a socket must not outlive the request that opened it).
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Config, IoredisTransport, RedisTransport, Target } from '../lib/index'
import { openResp } from './resp-pool'

/** The TCP transports opened while serving one request or cron run, closed when it ends. */
const requestScope = new AsyncLocalStorage<IoredisTransport[]>()
/** Numbers every per-request transport, so per-connection state (CLIENT SETNAME, CONFIG) never mixes them up. */
let transports = 0

/** A lean RESP client for the current request only: closed by inRequestScope when it ends. */
export function requestIoredis(config: Config, target: Target): RedisTransport {
  const opened = requestScope.getStore()
  if (!opened) throw new Error('a TCP transport was asked for outside a request')
  const t = openResp(config, target)
  opened.push(t)
  const base = ++transports * 1000 // + the transport's own reconnect count
  return {
    send: (commands, opts) => t.send(commands, opts),
    connect: (opts) => t.connect(opts),
    connectionId: () => base + t.connectionId(),
  }
}

/** Runs `work` with its own TCP transports, all closed when it ends. */
export async function inRequestScope<T>(work: () => Promise<T>): Promise<T> {
  const opened: IoredisTransport[] = []
  try {
    return await requestScope.run(opened, work)
  } finally {
    await Promise.all(opened.map((t) => t.close()))
  }
}
