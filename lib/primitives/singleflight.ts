/**
 * Concurrent calls for the same key share one run of the work (Go's singleflight): N simultaneous
 * scrapers of one page (an HA Prometheus pair, a retry storm) cost Redis one round trip, not N.
 * The key is forgotten as soon as the run settles, so only work in flight is kept. Never on a
 * Cloudflare Worker, where a promise settled by another request's I/O must not be awaited.
 */
export class Singleflight<T> {
  readonly #inflight = new Map<string, Promise<T>>()

  /** The run in flight for `key`, or a new one of `work`. */
  run(key: string, work: () => Promise<T>): Promise<T> {
    let run = this.#inflight.get(key)
    if (!run) {
      run = work().finally(() => this.#inflight.delete(key))
      this.#inflight.set(key, run)
    }
    return run
  }

  /** The run in flight for `key`, if any. */
  pending(key: string): Promise<T> | undefined {
    return this.#inflight.get(key)
  }
}
