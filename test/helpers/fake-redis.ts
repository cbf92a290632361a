import { readFileSync } from 'node:fs'
import { TimeoutError, TransportError } from '../../lib/errors'
import type { RedisTransport, SendOptions } from '../../lib/transport/transport'
import type { Command, Reply } from '../../lib/types'

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/parse/${name}`, import.meta.url), 'utf8')
}

/** `INFO ALL` of a Redis 7.0.15 master (real capture). */
export const INFO_7 = fixture('info-redis-7.0.txt')
/** The same capture claiming to be Redis 6.2.14 (the plan only reads the version). */
export const INFO_6 = INFO_7.replace('redis_version:7.0.15', 'redis_version:6.2.14')
/** The same capture with cluster mode on. */
export const INFO_CLUSTER = INFO_7.replace('cluster_enabled:0', 'cluster_enabled:1')
/** `CLUSTER INFO` of a one-node cluster (real capture). */
export const CLUSTER_INFO = fixture('cluster-info-redis-7.0.txt')
export const RUN_ID = 'd9c12c921deabff51497120bef834eff9be21710'

/** The INFO text with another run_id: the same address now answers as a restarted server. */
export function withRunId(info: string, runId: string): string {
  return info.replace(`run_id:${RUN_ID}`, `run_id:${runId}`)
}

/** INFO text without its `# Latencystats` section: what `INFO default commandstats` answers. */
export function withoutLatencystats(info: string): string {
  return info.replace(/# Latencystats\r?\n(?:latency_[^\n]*\n)*\r?\n?/, '')
}

/** CONFIG values the fake serves, as a Redis 7.0 with default settings answers them. */
export const CONFIG_VALUES: Readonly<Record<string, string>> = {
  maxmemory: '0',
  maxclients: '10000',
  'io-threads': '1',
  'repl-backlog-size': '1048576',
  'client-output-buffer-limit':
    'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
  databases: '16',
}

/** What a refused connection rejects with (`failWith`, or `setMode('refuse')`). */
export const CONNECTION_REFUSED = new TransportError('connect ECONNREFUSED 127.0.0.1:1')

/** Shorthands for the transport's state: answering, refusing every round trip, or hanging. */
export type FakeMode = 'ok' | 'refuse' | 'hang'

/**
 * The one fake of the transport port, for collector, app, topology and push tests: a Redis that
 * answers every command the collector sends from real captures, records each round trip, and lets
 * a test change the server between scrapes (INFO text, canned or error replies, renamed commands,
 * the connection id, a failing or hanging transport).
 */
export class FakeRedis implements RedisTransport {
  /** Every round trip, each command written as one string (`'SLOWLOG GET 1'`). */
  readonly rounds: string[][] = []
  /**
   * Canned replies, keyed by `'NAME SUB'` (`'CLUSTER NODES'`, `'INFO ALL'`) or by the name alone
   * (`'INFO'`, which then answers `INFO ALL` too); they win over the built-in captures.
   */
  readonly replies: Map<string, Reply>
  info = INFO_7
  config: Record<string, string> = { ...CONFIG_VALUES }
  /** The name CONFIG answers to (a renamed command on managed services). */
  configName = 'CONFIG'
  /** Other renamed commands: the name the server knows -> the original (`slw` -> `SLOWLOG`). */
  readonly renamed = new Map<string, string>()
  /**
   * Error replies, keyed by the whole command (`'CONFIG GET io-threads'`), by `'NAME SUB'`
   * (`'LATENCY LATEST'`) or by the command name alone (`'LATENCY'`); the most specific wins.
   */
  readonly errors = new Map<string, string>()
  /** Replies to other commands, keyed by the whole command (`'SENTINEL MASTERS'`, `'FT.INFO idx'`). */
  readonly answers = new Map<string, unknown>()
  connection = 1
  /** When set, the next round trips reject with it (connection refused, socket closed). */
  failWith: unknown = undefined
  /** When true, round trips wait until the scrape's signal aborts. */
  hang = false
  /** Called after each round trip has been answered (to abort mid-scrape, advance a clock...). */
  afterSend: (() => void) | undefined = undefined

  constructor(replies: Readonly<Record<string, Reply>> = {}) {
    this.replies = new Map(Object.entries(replies))
  }

  /** Sets `failWith` and `hang` for one of the usual states. */
  setMode(mode: FakeMode): void {
    this.failWith = mode === 'refuse' ? CONNECTION_REFUSED : undefined
    this.hang = mode === 'hang'
  }

  connectionId(): number {
    return this.connection
  }

  async send(commands: readonly Command[], { signal }: SendOptions): Promise<Reply[]> {
    this.rounds.push(commands.map((c) => c.join(' ')))
    if (signal.aborted) throw new TimeoutError(reasonText(signal))
    if (this.failWith !== undefined) throw this.failWith
    if (this.hang) {
      await new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(new TimeoutError(reasonText(signal))))
      })
    }
    const replies = commands.map((c) => this.answer(c))
    this.afterSend?.()
    return replies
  }

  private answer(command: Command): Reply {
    const [sentName, ...args] = command
    if (
      !this.renamed.has(sentName) &&
      [...this.renamed.values()].includes(sentName.toUpperCase())
    ) {
      return { ok: false, error: `ERR unknown command '${sentName}', with args beginning with: ` }
    }
    const name = this.renamed.get(sentName) ?? sentName
    const upper = name.toUpperCase()
    const sub = (args[0] ?? '').toUpperCase()
    const key = `${upper} ${sub}`.trim()
    const error =
      this.errors.get(command.join(' ')) ?? this.errors.get(key) ?? this.errors.get(upper)
    if (error !== undefined) return { ok: false, error }
    const canned = this.replies.get(key) ?? this.replies.get(upper)
    if (canned !== undefined) return canned
    const ok = (value: unknown): Reply => ({ ok: true, value })
    if (upper === this.configName.toUpperCase() && sub === 'GET') {
      const params = args[1] === '*' ? Object.keys(this.config) : args.slice(1)
      return ok(params.flatMap((p) => (p in this.config ? [p, this.config[p]] : [])))
    }
    const whole = [upper, ...args].join(' ')
    if (this.answers.has(whole)) return ok(this.answers.get(whole))
    switch (key) {
      case 'INFO':
      case 'INFO ALL':
        return ok(this.info)
      case 'INFO DEFAULT':
        return ok(withoutLatencystats(this.info))
      case 'LATENCY LATEST':
        return ok(JSON.parse(fixture('latency-latest-redis-7.0.json')))
      case 'LATENCY HISTOGRAM':
        return ok(JSON.parse(fixture('latency-histogram-redis-7.0.json')))
      case 'SLOWLOG LEN':
        return ok(JSON.parse(fixture('slowlog-len-redis-7.0.json')))
      case 'SLOWLOG GET':
        return ok(JSON.parse(fixture('slowlog-get-1-redis-7.0.json')))
      case 'CLUSTER INFO':
        return ok(CLUSTER_INFO)
      case 'CLIENT SETNAME':
        return ok('OK')
      default:
        return { ok: false, error: `ERR unknown command '${name}', with args beginning with: ` }
    }
  }
}

function reasonText(signal: AbortSignal): string {
  const reason: unknown = signal.reason
  return reason instanceof Error ? reason.message : 'aborted'
}
