// The Node server's app and its warm Redis clients (REDIS_EXPORTER_REDIS_CLIENT: the lean RESP
// client or ioredis), rebuilt by `/-/reload`: the password file is read again, a new app and pool
// are made with the new map (new scrapes use new clients, so no client authenticated with an old
// password is reused), and the old pool is closed once the requests already running on it have had
// their scrape timeout to finish. The new app starts its own counters
// (redis_target_scrape_request_errors_total, the discovery counters) from zero, as a restart would.
import type { AppDeps, Config, EnvRecord } from '../lib/index'
import { createApp, readSettings } from '../lib/index'
import { createIoredisPool } from './ioredis-pool'
import { createRespPool } from './resp-pool'
import { nodeConfig } from './node-secrets'

type Shared = Omit<AppDeps, 'config' | 'getTransport' | 'reload'>

export interface NodeApp {
  readonly fetch: (request: Request, env?: unknown) => Response | Promise<Response>
  /** Closes the current warm clients (SIGTERM). */
  readonly close: () => Promise<void>
}

export function nodeApp(env: EnvRecord, first: Config, shared: Shared): NodeApp {
  const build = (config: Config) => {
    const pool =
      config.redisClient === 'ioredis' ? createIoredisPool(config) : createRespPool(config)
    const app = createApp({ ...shared, config, getTransport: (t) => pool.get(t), reload })
    return { config, pool, app }
  }
  const reload = async (): Promise<'ok' | 'unset'> => {
    if (!readSettings(env).isSet('REDIS_PASSWORD_FILE')) return 'unset'
    const { passwordMap } = readPasswordFile(env, shared.log)
    const old = current
    // An unchanged map keeps the app and its warm clients: a flood of reloads opens no connections.
    if (sameMap(passwordMap, old.config.passwordMap)) return 'ok'
    current = build({ ...old.config, ...(passwordMap ? { passwordMap } : {}) })
    const graceMs = (old.config.scrapeTimeoutSeconds + 1) * 1000
    setTimeout(() => void old.pool.closeAll().catch(() => undefined), graceMs).unref()
    shared.log?.({ level: 'info', msg: 'REDIS_PASSWORD_FILE reloaded' })
    return 'ok'
  }
  let current = build(first)
  return {
    fetch: (request, bindings) => current.app.fetch(request, bindings),
    close: () => current.pool.closeAll(),
  }
}

const sameMap = (a?: ReadonlyMap<string, string>, b?: ReadonlyMap<string, string>): boolean =>
  (a?.size ?? 0) === (b?.size ?? 0) && [...(a ?? [])].every(([k, v]) => b?.get(k) === v)

/** The configuration read again (its password map); a failure is logged and thrown (the route's 500). */
function readPasswordFile(env: EnvRecord, log: Shared['log']): Config {
  try {
    return nodeConfig(env).config
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err)
    log?.({
      level: 'warn',
      msg: 'REDIS_PASSWORD_FILE reload failed; keeping the previous map',
      error,
    })
    throw err
  }
}
