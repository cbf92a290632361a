import { Redis } from 'ioredis'
import type { RedisOptions } from 'ioredis'
import { nodeRespSocket } from '../../functions/resp-socket'
import type { IoredisClient } from '../../lib/transport/ioredis'
import { RespClient } from '../../lib/transport/resp-client'

/**
 * The two clients behind IoredisTransport: the lean one (every runtime by default) and ioredis (the
 * Node server with REDIS_EXPORTER_REDIS_CLIENT=ioredis).
 */
export type ClientKind = 'ioredis' | 'lean'

export const CLIENT_KINDS: readonly ClientKind[] = ['ioredis', 'lean']

/**
 * The client the shared helpers (exporter-harness, real-app) and the transport tests use:
 * `TEST_REDIS_CLIENT=ioredis` runs them over ioredis, else over the lean RESP client.
 */
export const TEST_CLIENT: ClientKind =
  process.env['TEST_REDIS_CLIENT'] === 'ioredis' ? 'ioredis' : 'lean'

/** A new client of `kind` (default TEST_CLIENT) for these ioredis options. */
export function newClient(options: RedisOptions, kind: ClientKind = TEST_CLIENT): IoredisClient {
  return kind === 'lean' ? new RespClient(options, nodeRespSocket) : new Redis(options)
}
