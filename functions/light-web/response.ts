// A Response of plain JavaScript for the Lambda scrape's light web globals (install.ts): a string
// or bytes body with its status and headers, read as text or bytes, as hono and hono/aws-lambda
// use it. Anything else (another body, `body` as a stream, a clone, FormData) is the runtime's own
// Response, made from the same status, headers and body when first needed.
import type { HeadersSource } from './headers'
import { LightHeaders } from './headers'
import { realWeb } from './real'

/** Statuses whose response has no body (the Fetch standard's null body statuses). */
const NULL_BODY = new Set([101, 103, 204, 205, 304])

const USED = 'Body is unusable: Body has already been read'

export type PlainBody = string | ArrayBuffer | ArrayBufferView

export function isPlainBody(body: unknown): body is PlainBody | null | undefined {
  return (
    body == null ||
    typeof body === 'string' ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body)
  )
}

/** A copy of the bytes of a buffer body (the Fetch standard copies it too). */
export function bytesOf(body: ArrayBuffer | ArrayBufferView): Uint8Array<ArrayBuffer> {
  return body instanceof ArrayBuffer
    ? new Uint8Array(body.slice(0))
    : new Uint8Array(new Uint8Array(body.buffer, body.byteOffset, body.byteLength))
}

export interface LightResponseInit {
  readonly status?: number
  readonly statusText?: string
  readonly headers?: HeadersSource
}

export class LightResponse {
  readonly status!: number
  readonly statusText!: string
  readonly headers!: LightHeaders
  readonly type = 'default'
  readonly url = ''
  readonly redirected = false
  #body: string | Uint8Array<ArrayBuffer> | null = null
  #used = false
  #real: Response | undefined

  constructor(body?: unknown, init?: LightResponseInit) {
    if (!isPlainBody(body))
      return new (realWeb().Response)(body as BodyInit, init as never) as never
    // The status as Web IDL's unsigned short: truncated, modulo 2^16.
    const given = Math.trunc(Number(init?.status ?? 200))
    const status = Number.isFinite(given) ? ((given % 65536) + 65536) % 65536 : 0
    if (status < 200 || status > 599) {
      throw new RangeError(`Response: bad status ${status}`)
    }
    if (body != null && NULL_BODY.has(status)) {
      throw new TypeError(`Response: ${status} with a body`)
    }
    this.status = status
    this.statusText = String(init?.statusText ?? '')
    this.headers = new LightHeaders(init?.headers)
    if (typeof body === 'string' && !this.headers.has('content-type')) {
      this.headers.set('content-type', 'text/plain;charset=UTF-8')
    }
    if (body != null) this.#body = typeof body === 'string' ? body : bytesOf(body)
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299
  }

  /** The runtime's Response of this one, made once (it holds the body from then on). */
  #materialize(): Response {
    if (this.#used) throw new TypeError(USED)
    this.#real ??= new (realWeb().Response)(this.#body, this)
    return this.#real
  }

  /** The body when read here: marks it read. */
  #take(): string | Uint8Array<ArrayBuffer> | null {
    if (this.#used) throw new TypeError(USED)
    if (this.#body !== null) this.#used = true
    return this.#body
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.#body === null && !this.#real ? null : this.#materialize().body
  }

  get bodyUsed(): boolean {
    return this.#real ? this.#real.bodyUsed : this.#used
  }

  async text(): Promise<string> {
    if (this.#real) return this.#real.text()
    const body = this.#take()
    return typeof body === 'string' ? body : new TextDecoder().decode(body ?? new Uint8Array(0))
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#real) return this.#real.arrayBuffer()
    const body = this.#take()
    return typeof body === 'string'
      ? new TextEncoder().encode(body).buffer
      : (body?.buffer ?? new ArrayBuffer(0))
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown
  }

  bytes(): Promise<Uint8Array> {
    return this.#materialize().bytes()
  }

  blob(): Promise<Blob> {
    return this.#materialize().blob()
  }

  formData(): Promise<FormData> {
    return this.#materialize().formData()
  }

  clone(): Response {
    return this.#materialize().clone()
  }

  static json(data: unknown, init?: ResponseInit): Response {
    return realWeb().Response.json(data, init)
  }
}
