/**
 * Wraps an async loader so it runs at most once per `ttlMs`; callers in between share the last
 * result (a failed load is forgotten, so the next call tries again).
 */
export function cachedFor<T>(
  ttlMs: number,
  load: () => Promise<T>,
  now: () => number = Date.now
): () => Promise<T> {
  let entry: { at: number; value: Promise<T> } | undefined
  return () => {
    const t = now()
    if (!entry || t - entry.at >= ttlMs) {
      const fresh = { at: t, value: load() }
      fresh.value.catch(() => {
        if (entry === fresh) entry = undefined
      })
      entry = fresh
    }
    return entry.value
  }
}
