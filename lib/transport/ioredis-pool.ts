import type { RedisOptions } from 'ioredis'
import type { Config } from '../config'
import { configSecrets } from '../settings/secrets'
import type { Target } from '../target'
import type { IoredisClient } from './ioredis'
import { IoredisTransport } from './ioredis'
import { ioredisOptions } from './ioredis-options'
import { TransportPool } from './pool'

/** Makes an ioredis client (functions/: `(options) => new Redis(options)`). */
export type NewIoredisClient = (options: RedisOptions) => IoredisClient

/**
 * The ioredis transport of one target: each new connection is a client `newClient` makes with
 * the options of `latest()` (the credentials most recently asked for: a rotated secret takes
 * effect on the next reconnect), bounded by REDIS_EXPORTER_CONNECTION_TIMEOUT.
 */
export function ioredisTransport(
  config: Config,
  target: Target,
  newClient: NewIoredisClient,
  latest: () => Target = () => target
): IoredisTransport {
  return new IoredisTransport(
    () => newClient(ioredisOptions(latest(), config)),
    [...configSecrets(config), target.password],
    { connectTimeoutMs: config.connectTimeoutSeconds * 1000 }
  )
}

/**
 * One warm ioredis transport per target, at most `max` (default REDIS_EXPORTER_MAX_CLIENTS; a push
 * needs one per target of its shard or it closes clients mid-push). Owned by the runtime: it lives
 * as long as the process.
 */
export function ioredisPool(
  config: Config,
  newClient: NewIoredisClient,
  max?: number
): TransportPool<IoredisTransport> {
  return new TransportPool(
    (t, latest) => ioredisTransport(config, t, newClient, latest),
    max ?? config.maxClients
  )
}
