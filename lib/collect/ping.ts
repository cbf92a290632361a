import type { RedisTransport } from '../transport/transport'

/**
 * REDIS_EXPORTER_PING_ON_CONNECT: one PING in a round trip of its own, before the scrape's
 * commands, timed in seconds as redis_exporter times it. A failed PING is still timed (upstream
 * only logs it); the scrape's own commands then tell what is wrong. Throws only when the signal
 * aborts (the scrape deadline), like every command.
 */
export async function pingSeconds(
  transport: RedisTransport,
  opts: { readonly signal: AbortSignal; readonly now: () => number }
): Promise<number> {
  const t0 = opts.now()
  await transport.send([['PING']], { signal: opts.signal })
  return (opts.now() - t0) / 1000
}
