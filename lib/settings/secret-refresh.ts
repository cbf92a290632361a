/**
 * A Lambda handler whose secrets come by reference: built at cold start from the environment with
 * the referenced values filled in, then kept while they stay the same. Every
 * REDIS_EXPORTER_SECRETS_REFRESH_INTERVAL a warm invocation reads them again first (the extension
 * caches them, so that is a localhost round trip); a changed value rebuilds the handler (its
 * connections use the new password) and closes the old one; a failed read keeps the old handler
 * and logs a warning that names the reference variable.
 */
import { Singleflight } from '../primitives/singleflight'
import type { SecretResolver } from '../push/push-targets'
import type { EnvRecord } from './read'
import { readSettings } from './read'
import { referencesIn, resolveSecretReferences } from './secret-refs'
import type { Runtime } from './table'

/** What a handler built from an environment offers: the handler and how to release it. */
export interface Built<H> {
  readonly handler: H
  readonly close: () => Promise<void>
}

export interface SecretAwareOptions<H> {
  readonly env: EnvRecord
  readonly runtime: Runtime
  readonly resolve: SecretResolver
  readonly build: (env: EnvRecord) => Built<H>
  readonly log: (entry: Readonly<Record<string, unknown>>) => void
  readonly now?: () => number
}

/** The current handler, refreshed as described above; `current()` before each invocation. */
export interface SecretAware<H> {
  readonly current: () => Promise<H>
  /** How many times the handler was built (1 after cold start). */
  readonly builds: () => number
}

/** Builds the first handler (reading every reference: a failure is a ConfigError naming it). */
export async function secretAware<H>(opts: SecretAwareOptions<H>): Promise<SecretAware<H>> {
  const now = opts.now ?? Date.now
  const refs = referencesIn(opts.env, opts.runtime)
  const intervalMs =
    readSettings(opts.env).duration('REDIS_EXPORTER_SECRETS_REFRESH_INTERVAL') * 1000
  const fingerprint = (e: EnvRecord): string =>
    JSON.stringify([refs.map((r) => e[r.setting]), readSettings(e).text('REDIS_USER')])
  let env = await resolveSecretReferences(opts.env, opts.runtime, opts.resolve)
  let built = opts.build(env)
  let builds = 1
  let readAt = now()
  const flight = new Singleflight<void>()
  const refresh = async (): Promise<void> => {
    try {
      const next = await resolveSecretReferences(opts.env, opts.runtime, opts.resolve)
      if (fingerprint(next) !== fingerprint(env)) {
        const old = built
        built = opts.build(next)
        env = next
        builds++
        opts.log({ level: 'info', msg: 'secrets changed; configuration rebuilt' })
        void old.close().catch(() => undefined)
      }
    } catch (err) {
      opts.log({
        level: 'warn',
        msg: 'secret refresh failed; keeping the previous values',
        error: (err as Error).message,
      })
    } finally {
      readAt = now()
    }
  }
  const current = async (): Promise<H> => {
    if (refs.length > 0 && now() - readAt >= intervalMs) await flight.run('refresh', refresh)
    return built.handler
  }
  return { current, builds: () => builds }
}
