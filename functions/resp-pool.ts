// The lean RESP client binding of the Lambda handlers, the Worker's TCP targets and the Node server
// (unless REDIS_EXPORTER_REDIS_CLIENT=ioredis: functions/ioredis-pool.ts). Same transport, same
// options, a smaller client.
import type { Config, IoredisTransport, Target } from '../lib/index'
import { RespClient, ioredisPool, ioredisTransport } from '../lib/index'
import { nodeRespSocket } from './resp-socket'

const newClient = (options: ConstructorParameters<typeof RespClient>[0]) =>
  new RespClient(options, nodeRespSocket)

/** One warm client per target, at most `max` (default REDIS_EXPORTER_MAX_CLIENTS), closed with `closeAll`. */
export function createRespPool(config: Config, max?: number) {
  return ioredisPool(config, newClient, max)
}

/** A client of its own for one target (a Worker opens one per request and closes it after). */
export function openResp(config: Config, target: Target): IoredisTransport {
  return ioredisTransport(config, target, newClient)
}
