import { Redis } from 'ioredis'
import type { RedisOptions } from 'ioredis'
import { nodeRespSocket } from '../../functions/resp-socket'
import type { IoredisClient } from '../../lib/transport/ioredis'
import { RespClient } from '../../lib/transport/resp-client'

/** The two clients behind IoredisTransport: ioredis (Node server) and the lean one (Lambda, Workers). */
export type ClientKind = 'ioredis' | 'lean'

export const CLIENT_KINDS: readonly ClientKind[] = ['ioredis', 'lean']

/**
 * The client the shared helpers (exporter-harness, real-app) and the transport tests use:
 * `TEST_REDIS_CLIENT=lean` runs them over the lean RESP client, else ioredis.
 */
export const TEST_CLIENT: ClientKind =
  process.env['TEST_REDIS_CLIENT'] === 'lean' ? 'lean' : 'ioredis'

/** A new client of `kind` (default TEST_CLIENT) for these ioredis options. */
export function newClient(options: RedisOptions, kind: ClientKind = TEST_CLIENT): IoredisClient {
  return kind === 'lean' ? new RespClient(options, nodeRespSocket) : new Redis(options)
}
