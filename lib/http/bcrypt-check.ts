/**
 * Checks a basic auth password against a bcrypt hash (REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD)
 * with bcryptjs (pure JavaScript: Node, Lambda and Workers alike).
 *
 * A bcrypt comparison costs tens of milliseconds of CPU by design (2^cost rounds). So:
 * - a password that matched is remembered until it has not been used for REMEMBER_MS, keyed by
 *   its SHA-256 (never the password itself), in a map of at most MAX_REMEMBERED entries:
 *   Prometheus, scraping every few seconds with the same credentials, pays one comparison after
 *   a (re)start, and a flood of wrong passwords cannot delay its scrapes;
 * - failures are never remembered, and at most MAX_CONCURRENT_CHECKS comparisons run at once:
 *   an attempt beyond that is refused at once (`busy`) without hashing, so wrong passwords
 *   cannot queue up unbounded CPU work (at most that many comparisons are ever in flight). The
 *   bound is small because bcryptjs runs on the event loop in slices of up to 100 ms: measured
 *   under a flood of wrong passwords, the longest stall a remembered request saw grew with it
 *   (about 0.26 s with 1, 0.5 s with 2, 1.1 s with 4 on a loaded 2-core machine).
 * bcryptjs is imported on first use: the Lambda scrape bundle carries it as a chunk loaded only
 * where a hash is configured.
 */
import { BoundedMap } from '../primitives/bounded-map'

/** `$2a$`, `$2b$`, `$2x$`, `$2y$`; a cost of 04 to 31; 22 characters of salt and 31 of hash. */
export const BCRYPT_HASH = /^\$2[abxy]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/

export const REMEMBER_MS = 60_000
export const MAX_REMEMBERED = 64
export const MAX_CONCURRENT_CHECKS = 2

export type BcryptVerdict = 'ok' | 'wrong' | 'busy'

export interface BcryptCheckOptions {
  readonly now?: () => number
  readonly rememberMs?: number
  readonly maxConcurrent?: number
}

const encoder = new TextEncoder()

async function digest(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Compares passwords with one bcrypt hash, remembering recent successes. */
export class BcryptCheck {
  readonly #hash: string
  readonly #remembered: BoundedMap<string, true>
  readonly #maxConcurrent: number
  #running = 0

  constructor(hash: string, opts: BcryptCheckOptions = {}) {
    this.#hash = hash
    this.#maxConcurrent = opts.maxConcurrent ?? MAX_CONCURRENT_CHECKS
    this.#remembered = new BoundedMap(MAX_REMEMBERED, {
      ttlMs: opts.rememberMs ?? REMEMBER_MS,
      ...(opts.now ? { now: opts.now } : {}),
    })
  }

  /** `ok`: the password matches; `wrong`: it does not; `busy`: too many checks running. */
  async check(password: string): Promise<BcryptVerdict> {
    const key = await digest(password)
    if (this.#remembered.get(key)) {
      this.#remembered.set(key, true) // sliding: expires REMEMBER_MS after the last use
      return 'ok'
    }
    if (this.#running >= this.#maxConcurrent) return 'busy'
    this.#running++
    try {
      const { compare } = await import('bcryptjs')
      const ok = await compare(password, this.#hash)
      if (ok) this.#remembered.set(key, true)
      return ok ? 'ok' : 'wrong'
    } finally {
      this.#running--
    }
  }

  /** Comparisons in flight. */
  get running(): number {
    return this.#running
  }
}
