import { TransportError, redact } from '../errors'
import type { Command, Reply } from '../types'
import { raceAbort } from '../primitives/deadline'
import { retry } from '../primitives/retry'
import type { RedisTransport, SendOptions } from './transport'
import { isUpstashRestCommand, notSentReply } from './upstash-commands'
import { decodeUpstashValue } from './upstash-encoding'

export interface UpstashRestOptions {
  /** UPSTASH_REDIS_REST_URL, e.g. `https://eu1-example-12345.upstash.io` (a path prefix is kept). */
  readonly url: string
  /** UPSTASH_REDIS_REST_TOKEN. Sent only in the Authorization header, never printed. */
  readonly token: string
  /**
   * Extra attempts after a network failure or HTTP 502/503/504, never after any other answer.
   * Every attempt runs under the scrape's AbortSignal, so retries never outlive its deadline.
   * @default 1
   */
  readonly retries?: number
  /**
   * Pause before retry `n` (0-based), milliseconds; cut short by the signal.
   * @default a random time up to 50 * 2^n (full jitter)
   */
  readonly backoffMs?: (retry: number) => number
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch
}

const RETRY_STATUS = new Set([502, 503, 504])
const SNIPPET_CHARS = 160

/**
 * The RedisTransport over Upstash's REST API: one `POST <url>/pipeline` per round trip with a
 * Bearer token and `Upstash-Encoding: base64`, the scrape's AbortSignal passed to fetch. Stateless,
 * so one instance may live at module scope. Commands Upstash cannot answer are answered locally as
 * unknown and never sent (Upstash bills every command); a round trip of only those sends nothing.
 * No telemetry headers are sent.
 */
export class UpstashRestTransport implements RedisTransport {
  readonly profile = 'upstash'
  readonly #endpoint: string
  readonly #origin: string
  readonly #headers: Readonly<Record<string, string>>
  readonly #secrets: readonly string[]
  readonly #retries: number
  readonly #backoffMs: ((retry: number) => number) | undefined
  readonly #fetch: typeof fetch

  constructor(opts: UpstashRestOptions) {
    const base = opts.url.replace(/\/+$/, '')
    this.#endpoint = `${base}/pipeline`
    this.#origin = redact(base)
    this.#headers = {
      authorization: `Bearer ${opts.token}`,
      'content-type': 'application/json',
      'upstash-encoding': 'base64',
    }
    this.#secrets = [opts.token]
    this.#retries = Math.max(0, opts.retries ?? 1)
    this.#backoffMs = opts.backoffMs
    this.#fetch = opts.fetch ?? ((input, init) => fetch(input, init))
  }

  async send(commands: readonly Command[], { signal }: SendOptions): Promise<Reply[]> {
    const replies: (Reply | undefined)[] = []
    const sent: number[] = []
    commands.forEach((command, i) => {
      if (isUpstashRestCommand(command)) sent.push(i)
      replies.push(isUpstashRestCommand(command) ? undefined : notSentReply(command))
    })
    if (sent.length === 0) return replies as Reply[]
    const body = JSON.stringify(sent.map((i) => commands[i]))
    const items = await raceAbort(this.#post(body, signal), signal, () => undefined)
    if (items.length !== sent.length) {
      throw new TransportError(
        `Upstash REST answered ${items.length} results to ${sent.length} commands from ${this.#origin}`
      )
    }
    sent.forEach((index, k) => (replies[index] = this.#toReply(items[k])))
    return replies as Reply[]
  }

  async #post(body: string, signal: AbortSignal): Promise<unknown[]> {
    let res: Response
    try {
      ;({ value: res } = await retry(
        () => this.#fetch(this.#endpoint, { method: 'POST', headers: this.#headers, body, signal }),
        {
          signal,
          maxAttempts: this.#retries + 1,
          baseDelayMs: 50,
          ...(this.#backoffMs ? { delayMs: this.#backoffMs } : {}),
          // A network failure or a gateway's 502/503/504; never any other answer.
          isRetryable: () => true,
          retryValue: (r) => RETRY_STATUS.has(r.status),
          onRetry: async (failure) => {
            if ('value' in failure) await failure.value.body?.cancel()
          },
        }
      ))
    } catch (err) {
      throw new TransportError(
        `Upstash REST request to ${this.#origin} failed: ${this.#text(networkReason(err))} (check UPSTASH_REDIS_REST_URL)`,
        { cause: err }
      )
    }
    return this.#parse(res, await res.text())
  }

  #parse(res: Response, text: string): unknown[] {
    let json: unknown
    let parsed = true
    try {
      json = JSON.parse(text)
    } catch {
      parsed = false
    }
    if (res.ok && Array.isArray(json)) return json
    // Only a failure reads the body again: a good reply (tens of KB of INFO) is never scanned.
    const reason =
      parsed && isRecord(json) && typeof json['error'] === 'string'
        ? this.#text(json['error'])
        : this.#snippet(text)
    if (res.status === 401 || res.status === 403) {
      throw new TransportError(
        `Upstash REST refused the token with HTTP ${res.status} (${reason}); check UPSTASH_REDIS_REST_TOKEN`
      )
    }
    if (!res.ok) throw new TransportError(`Upstash REST answered HTTP ${res.status}: ${reason}`)
    if (!parsed) {
      const type = res.headers.get('content-type') ?? 'none'
      throw new TransportError(
        `Upstash REST answered HTTP ${res.status} with a body that is not JSON (content-type ${type}): ${reason} (check UPSTASH_REDIS_REST_URL)`
      )
    }
    throw new TransportError(
      `Upstash REST answered a /pipeline request with ${reason} instead of a list of results (check UPSTASH_REDIS_REST_URL)`
    )
  }

  #toReply(item: unknown): Reply {
    if (isRecord(item) && typeof item['error'] === 'string') {
      return { ok: false, error: this.#text(item['error']) }
    }
    if (isRecord(item) && 'result' in item) {
      return { ok: true, value: decodeUpstashValue(item['result']) }
    }
    return {
      ok: false,
      error: `malformed Upstash REST result: ${this.#snippet(JSON.stringify(item))}`,
    }
  }

  #snippet(text: string): string {
    const flat = text.replace(/\p{Cc}+/gu, ' ').trim()
    const short = flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}…` : flat
    return short === '' ? 'empty body' : this.#text(short)
  }

  #text(value: unknown): string {
    const message = value instanceof Error ? value.message || value.name : String(value)
    return redact(message, this.#secrets)
  }
}

/** fetch's own message is often just "fetch failed"; the cause says what happened. */
function networkReason(err: unknown): unknown {
  const cause =
    err instanceof Error ? (err.cause as { code?: unknown; message?: unknown }) : undefined
  if (cause && typeof cause.message === 'string' && cause.message !== '') {
    return `${(err as Error).message}: ${cause.message}`
  }
  return err
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
