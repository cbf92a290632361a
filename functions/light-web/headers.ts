// A Headers of plain JavaScript, for the Lambda scrape's light web globals (install.ts): the same
// behaviour as the Fetch standard's (names case-insensitive and validated, values trimmed and
// checked, iteration sorted by name, `set-cookie` kept apart), without loading Node's undici.

/** An HTTP token: a header name, a method. */
export const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
/** What a header value must not hold. */
const BAD_HEADER_VALUE = /[\0\r\n]/

/** HTTP whitespace a value loses at both ends. */
const EDGES = /^[\t\n\r ]+|[\t\n\r ]+$/g

/** A header list as the Headers constructor takes it. */
export type HeadersSource =
  Iterable<readonly [string, string] | readonly string[]> | Readonly<Record<string, string>>

function checkName(name: string): string {
  const text = String(name)
  if (!HTTP_TOKEN.test(text)) throw new TypeError(`Headers: bad name ${JSON.stringify(text)}`)
  return text.toLowerCase()
}

function checkValue(value: string): string {
  const text = String(value).replace(EDGES, '')
  if (BAD_HEADER_VALUE.test(text)) throw new TypeError('Headers: bad value')
  return text
}

export class LightHeaders {
  readonly #values = new Map<string, string>()
  readonly #cookies: string[] = []

  constructor(init?: HeadersSource) {
    if (init === undefined) return
    if (typeof init !== 'object' || init === null) throw new TypeError('Headers: bad init')
    if (Symbol.iterator in init) {
      for (const pair of init as Iterable<readonly string[]>) {
        if (pair.length !== 2) throw new TypeError('Headers: bad pair')
        this.append(pair[0]!, pair[1]!)
      }
      return
    }
    const record = init as Readonly<Record<string, string>>
    for (const name of Object.keys(record)) this.append(name, record[name]!)
  }

  append(name: string, value: string): void {
    const key = checkName(name)
    const text = checkValue(value)
    if (key === 'set-cookie') {
      this.#cookies.push(text)
      return
    }
    const before = this.#values.get(key)
    this.#values.set(key, before === undefined ? text : `${before}, ${text}`)
  }

  set(name: string, value: string): void {
    const key = checkName(name)
    const text = checkValue(value)
    if (key === 'set-cookie') this.#cookies.splice(0, this.#cookies.length, text)
    else this.#values.set(key, text)
  }

  get(name: string): string | null {
    const key = checkName(name)
    if (key === 'set-cookie') return this.#cookies.length > 0 ? this.#cookies.join(', ') : null
    return this.#values.get(key) ?? null
  }

  has(name: string): boolean {
    const key = checkName(name)
    return key === 'set-cookie' ? this.#cookies.length > 0 : this.#values.has(key)
  }

  delete(name: string): void {
    const key = checkName(name)
    if (key === 'set-cookie') this.#cookies.length = 0
    else this.#values.delete(key)
  }

  getSetCookie(): string[] {
    return [...this.#cookies]
  }

  forEach(
    callback: (value: string, name: string, parent: LightHeaders) => void,
    thisArg?: unknown
  ): void {
    for (const [name, value] of this.entries()) callback.call(thisArg, value, name, this)
  }

  /** Every header sorted by name; each `set-cookie` on its own. */
  *entries(): IterableIterator<[string, string]> {
    const names = [...this.#values.keys()]
    if (this.#cookies.length > 0) names.push('set-cookie')
    names.sort()
    for (const name of names) {
      if (name === 'set-cookie') for (const cookie of [...this.#cookies]) yield [name, cookie]
      else {
        const value = this.#values.get(name)
        if (value !== undefined) yield [name, value]
      }
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries()
  }

  get [Symbol.toStringTag](): string {
    return 'Headers'
  }
}
