import { Redis } from 'ioredis'
import { parseConfig } from '../../lib/config'
import { KeyBudget } from '../../lib/keys/budget'
import type { KeyChecks } from '../../lib/keys/key-checks'
import type { KeyState } from '../../lib/keys/key-state'
import { newKeyState } from '../../lib/keys/key-state'
import type { KeyContext } from '../../lib/keys/wire'
import { IoredisTransport, ioredisOptions } from '../../lib/transport/ioredis'
import type { RedisTransport } from '../../lib/transport/transport'
import { parseTarget } from '../../lib/target'

/** A real ioredis transport to `url` (as the Node server builds it); close it with `.close()`. */
export function realTransport(
  url: string,
  env: Record<string, string> = {}
): RedisTransport & { close(): void } {
  const config = parseConfig({ REDIS_ADDR: url, ...env })
  const target = parseTarget(url)
  const clients: Redis[] = []
  const transport = new IoredisTransport(() => {
    const client = new Redis(ioredisOptions(target, config))
    clients.push(client)
    return client
  }, [])
  return Object.assign(transport, { close: () => clients.forEach((c) => c.disconnect()) })
}

/** Key checks from variables, as parseConfig reads them. */
export function keyChecks(env: Record<string, string>): KeyChecks {
  return parseConfig(env).keyChecks
}

/** A key-check context over `transport` with a budget of `commands`. */
export function keyContext(
  transport: RedisTransport,
  opts: { commands?: number; state?: KeyState; connectionDb?: number } = {}
): KeyContext {
  return {
    transport,
    signal: new AbortController().signal,
    budget: new KeyBudget(opts.commands ?? 500, 5000, Date.now),
    state: opts.state ?? newKeyState(),
    connectionDb: opts.connectionDb ?? 0,
    now: Date.now,
    blockedForMs: 600_000,
    roundTrips: 0,
    errors: new Map(),
  }
}
