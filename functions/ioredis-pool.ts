// The ioredis binding of the Node server with REDIS_EXPORTER_REDIS_CLIENT=ioredis (by default it, and
// always Lambda and Workers, use the lean client: resp-pool.ts).
import { Redis } from 'ioredis'
import type { RedisOptions } from 'ioredis'
import type { Config, IoredisTransport, Target } from '../lib/index'
import { ioredisPool, ioredisTransport } from '../lib/index'

const newClient = (options: RedisOptions) => new Redis(options)

/** One warm client per target, at most `max` (default REDIS_EXPORTER_MAX_CLIENTS), closed with `closeAll`. */
export function createIoredisPool(config: Config, max?: number) {
  return ioredisPool(config, newClient, max)
}

/** A client of its own for one target (a Worker opens one per request and closes it after). */
export function openIoredis(config: Config, target: Target): IoredisTransport {
  return ioredisTransport(config, target, newClient)
}
