// Shared by the Node server and (later) the Lambda handlers: one warm ioredis client per target.
import { Redis } from 'ioredis'
import type { Config, Target } from '../lib/index'
import { IoredisTransport, TransportPool, ioredisOptions } from '../lib/index'

export function createIoredisPool(config: Config): TransportPool<IoredisTransport> {
  return new TransportPool(
    (t: Target) =>
      new IoredisTransport(
        () => new Redis(ioredisOptions(t, config)),
        [config.password, t.password]
      )
  )
}
