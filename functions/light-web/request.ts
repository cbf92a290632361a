// A Request of plain JavaScript for the Lambda scrape's light web globals (install.ts): an absolute
// URL, a method and headers, as hono/aws-lambda builds it and hono routes it. Its body and
// everything else are the runtime's own Request, made from the same fields when first needed.
import type { HeadersSource } from './headers'
import { HTTP_TOKEN, LightHeaders } from './headers'
import { realWeb } from './real'
import { isPlainBody } from './response'

/** Methods the Fetch standard upper-cases; the forbidden ones it refuses. */
const NORMALIZED = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'])
const FORBIDDEN = new Set(['CONNECT', 'TRACE', 'TRACK'])

export interface LightRequestInit {
  readonly method?: string
  readonly headers?: HeadersSource
  readonly body?: unknown
  readonly signal?: AbortSignal | null
}

function methodOf(given: string | undefined): string {
  const method = String(given ?? 'GET')
  if (!HTTP_TOKEN.test(method)) throw new TypeError(`Request: bad method ${JSON.stringify(method)}`)
  const upper = method.toUpperCase()
  if (FORBIDDEN.has(upper)) throw new TypeError(`Request: ${upper} is forbidden`)
  return NORMALIZED.has(upper) ? upper : method
}

export class LightRequest {
  readonly url!: string
  readonly method!: string
  readonly headers!: LightHeaders
  #init: LightRequestInit = {}
  #real: Request | undefined

  constructor(input: unknown, init?: LightRequestInit) {
    const plain = typeof input === 'string' || input instanceof URL
    if (!plain || !isPlainBody(init?.body)) {
      return new (realWeb().Request)(input as RequestInfo, init as RequestInit) as never
    }
    const url = new URL(String(input))
    if (url.username || url.password) throw new TypeError('Request: URL with credentials')
    this.url = url.href
    this.method = methodOf(init?.method)
    if ((this.method === 'GET' || this.method === 'HEAD') && init?.body != null) {
      throw new TypeError(`Request: ${this.method} with a body`)
    }
    this.headers = new LightHeaders(init?.headers)
    if (typeof init?.body === 'string' && !this.headers.has('content-type')) {
      this.headers.set('content-type', 'text/plain;charset=UTF-8')
    }
    this.#init = init ?? {}
  }

  /** The runtime's Request of this one, made once, for its body and the rest of its fields. */
  #materialize(): Request {
    this.#real ??= new (realWeb().Request)(this.url, {
      method: this.method,
      headers: [...this.headers],
      body: (this.#init.body ?? null) as BodyInit | null,
      ...(this.#init.signal ? { signal: this.#init.signal } : {}),
    })
    return this.#real
  }

  get signal(): AbortSignal {
    return this.#init.signal ?? this.#materialize().signal
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.#init.body == null && !this.#real ? null : this.#materialize().body
  }

  get bodyUsed(): boolean {
    return this.#real?.bodyUsed ?? false
  }

  text(): Promise<string> {
    return this.#materialize().text()
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.#materialize().arrayBuffer()
  }

  json(): Promise<unknown> {
    return this.#materialize().json() as Promise<unknown>
  }

  blob(): Promise<Blob> {
    return this.#materialize().blob()
  }

  formData(): Promise<FormData> {
    return this.#materialize().formData()
  }

  clone(): Request {
    return this.#materialize().clone()
  }
}
