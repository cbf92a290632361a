// Shared by the Node server and the Lambda handlers: one warm ioredis client per target.
import { Redis } from 'ioredis'
import type { Config, Target } from '../lib/index'
import {
  BoundedMap,
  IoredisTransport,
  TransportPool,
  configSecrets,
  ioredisOptions,
} from '../lib/index'

/**
 * Every new connection of a target uses the latest credentials handed to `get` (a rotated secret
 * takes effect on the next reconnect; a live, authenticated connection is kept).
 */
const MAX_LATEST = 1000

export function createIoredisPool(
  config: Config,
  /** Most clients kept (default 64); a push needs one per target or it closes clients mid-push. */
  max?: number
): TransportPool<IoredisTransport> {
  // Bounded like the pool: the oldest entries go (their clients fall back to the first target).
  const latest = new BoundedMap<string, Target>(MAX_LATEST)
  const pool = new TransportPool(
    (t: Target) =>
      new IoredisTransport(
        () => new Redis(ioredisOptions(latest.get(t.uri) ?? t, config)),
        [...configSecrets(config), t.password],
        { connectTimeoutMs: config.connectTimeoutSeconds * 1000 }
      ),
    max
  )
  const get = pool.get.bind(pool)
  pool.get = (t: Target) => {
    latest.set(t.uri, t)
    return get(t)
  }
  return pool
}
