import { redact } from '../errors'
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from '../render/prometheus'
import type { PushSink, SinkReport, TargetResult } from './types'
import { sinkReport } from './types'
import { retry } from '../primitives/retry'

export type PushgatewayAuth =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'bearer'; readonly token: string }

export interface PushgatewayOptions {
  /** Base URL of the Pushgateway (REDIS_EXPORTER_PUSHGATEWAY_URL); a path prefix is kept. */
  readonly url: string
  /** The `job` grouping label (REDIS_EXPORTER_PUSHGATEWAY_JOB). */
  readonly job: string
  readonly auth?: PushgatewayAuth
  /** Extra attempts after a network failure, HTTP 429 or 5xx. @default 2 */
  readonly retries?: number
  /**
   * Pause before retry `n` (0-based), milliseconds; cut short by the signal.
   * @default a random time up to 250 * 2^n (full jitter)
   */
  readonly backoffMs?: (retry: number) => number
  /** Requests in flight at once (Workers allow 6 open connections). @default 4 */
  readonly concurrency?: number
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch
}

/** The Pushgateway sink, plus the DELETE a runtime with a shutdown hook may send. */
export interface PushgatewaySink extends PushSink {
  /** Deletes the groups of these targets (delete-on-shutdown). `sent` counts deleted groups. */
  delete(
    targets: readonly Pick<TargetResult, 'id' | 'dimensions'>[],
    opts: { readonly signal: AbortSignal }
  ): Promise<SinkReport>
}

/** The grouping label that carries the target's `host:port`, as Prometheus's own `instance`. */
export const GROUPING_LABEL = 'instance'
const RETRY_STATUS = (status: number): boolean => status === 429 || status >= 500
const SNIPPET_CHARS = 160
const DEADLINE = 'deadline exceeded before the Pushgateway answered'

/** One Pushgateway as the requests see it: where, as whom, how patiently. */
interface Gateway {
  readonly base: string
  /** The base URL without credentials, for error texts. */
  readonly origin: string
  readonly job: string
  readonly headers: Readonly<Record<string, string>>
  readonly secrets: readonly (string | undefined)[]
  readonly retries: number
  readonly backoffMs: ((retry: number) => number) | undefined
  readonly fetch: typeof fetch
}

type Group = Pick<TargetResult, 'id' | 'dimensions'>

/**
 * Pushes each target's families in the text format to `<url>/metrics/job/<job>/instance/<id>`
 * (plus the target's dimensions as grouping labels) with PUT, so families that disappeared are
 * replaced, not kept. Basic auth or a bearer token; retries with backoff and full jitter on
 * network failures, 429 and 5xx, all bounded by the signal. Never throws: failures are report lines.
 */
export function pushgatewaySink(opts: PushgatewayOptions): PushgatewaySink {
  const gw = gatewayOf(opts)
  const concurrency = Math.max(1, opts.concurrency ?? 4)
  return {
    name: 'pushgateway',
    async send(results, { signal }) {
      const failures = await each(results, concurrency, (r) =>
        request(gw, 'PUT', r, renderPrometheus(r.families), signal)
      )
      const errors: string[] = []
      let sent = 0
      results.forEach((r, i) => {
        const failure = failures[i]
        if (failure === undefined) sent += r.families.reduce((n, f) => n + f.samples.length, 0)
        else errors.push(`pushgateway: target ${r.id}: ${failure}`)
      })
      return sinkReport('pushgateway', sent, errors)
    },
    async delete(targets, { signal }) {
      const failures = await each(targets, concurrency, (t) =>
        request(gw, 'DELETE', t, undefined, signal)
      )
      const errors = failures.flatMap((f, i) =>
        f === undefined ? [] : [`pushgateway: delete ${targets[i]!.id}: ${f}`]
      )
      return sinkReport('pushgateway', targets.length - errors.length, errors)
    },
  }
}

function gatewayOf(opts: PushgatewayOptions): Gateway {
  const base = opts.url.replace(/\/+$/, '')
  const headers: Record<string, string> = {}
  if (opts.auth?.kind === 'basic') {
    headers['authorization'] = `Basic ${base64(`${opts.auth.username}:${opts.auth.password}`)}`
  } else if (opts.auth?.kind === 'bearer') {
    headers['authorization'] = `Bearer ${opts.auth.token}`
  }
  return {
    base,
    origin: redact(base),
    job: opts.job,
    headers,
    secrets: opts.auth?.kind === 'basic' ? [opts.auth.password] : [opts.auth?.token],
    retries: Math.max(0, opts.retries ?? 2),
    backoffMs: opts.backoffMs,
    fetch: opts.fetch ?? ((input, init) => fetch(input, init)),
  }
}

/** One request with retries; undefined when it succeeded, else the reason. */
async function request(
  gw: Gateway,
  method: 'PUT' | 'DELETE',
  group: Group,
  body: string | undefined,
  signal: AbortSignal
): Promise<string | undefined> {
  if (signal.aborted) return DEADLINE
  const headers =
    body === undefined ? gw.headers : { ...gw.headers, 'content-type': PROMETHEUS_CONTENT_TYPE }
  const url = `${gw.base}${groupingPath(gw.job, group)}`
  let res: Response
  try {
    ;({ value: res } = await retry(
      () => gw.fetch(url, { method, headers, ...(body === undefined ? {} : { body }), signal }),
      {
        signal,
        maxAttempts: gw.retries + 1,
        baseDelayMs: 250,
        ...(gw.backoffMs ? { delayMs: gw.backoffMs } : {}),
        isRetryable: () => true,
        retryValue: (r) => RETRY_STATUS(r.status),
        onRetry: async (failure) => {
          if ('value' in failure) await failure.value.body?.cancel()
        },
      }
    ))
  } catch (err) {
    if (signal.aborted) return DEADLINE
    return `${text(gw, err)} (check REDIS_EXPORTER_PUSHGATEWAY_URL, ${gw.origin})`
  }
  if (res.ok) {
    await res.body?.cancel()
    return undefined
  }
  const reason = snippet(text(gw, await res.text().catch(() => '')))
  const hint =
    res.status === 401 || res.status === 403
      ? ' (check REDIS_EXPORTER_PUSHGATEWAY_USERNAME and REDIS_EXPORTER_PUSHGATEWAY_PASSWORD, or REDIS_EXPORTER_PUSHGATEWAY_TOKEN)'
      : ''
  return `HTTP ${res.status}: ${reason}${hint}`
}

/** Runs `run` over `items`, at most `concurrency` at once; the results in the items' order. */
async function each<T>(
  items: readonly T[],
  concurrency: number,
  run: (item: T) => Promise<string | undefined>
): Promise<(string | undefined)[]> {
  const out: (string | undefined)[] = new Array<string | undefined>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) out[i] = await run(items[i]!)
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return out
}

function text(gw: Gateway, value: unknown): string {
  return redact(value instanceof Error ? value.message || value.name : String(value), gw.secrets)
}

/**
 * `/metrics/job/<job>/instance/<id>[/<label>/<value>…]`. Values that are empty or contain `/`
 * use the Pushgateway's `<label>@base64/<base64url>` form; dimension names are made valid label
 * names, and ones that would clash with `job` or `instance` are left out.
 */
export function groupingPath(job: string, group: Pick<TargetResult, 'id' | 'dimensions'>): string {
  const pairs: [string, string][] = [
    ['job', job],
    [GROUPING_LABEL, group.id],
  ]
  for (const [name, value] of Object.entries(group.dimensions)) {
    const label = name.replace(/[^a-zA-Z0-9_]/g, '_').replace(/^(?=[0-9])/, '_')
    if (label.startsWith('__') || pairs.some(([n]) => n === label)) continue
    pairs.push([label, value])
  }
  return `/metrics/${pairs.map(([n, v]) => segment(n, v)).join('/')}`
}

function segment(name: string, value: string): string {
  if (value === '') return `${name}@base64/=`
  if (!value.includes('/')) return `${name}/${encodeURIComponent(value)}`
  return `${name}@base64/${base64(value).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`
}

function base64(value: string): string {
  let binary = ''
  for (const byte of new TextEncoder().encode(value)) binary += String.fromCharCode(byte)
  return btoa(binary)
}

function snippet(text: string): string {
  const flat = text.replace(/\p{Cc}+/gu, ' ').trim()
  if (flat === '') return 'empty body'
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}…` : flat
}
