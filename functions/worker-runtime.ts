// The Worker's runtime per deployment (per bindings object). Module scope keeps only what is safe
// across requests (parsed config, the Upstash REST client, plain per-target state); TCP targets
// get a client per request (worker-transports.ts).
import type { EnvRecord, RedisTransport, Target } from '../lib/index'
import {
  UpstashRestTransport,
  createApp,
  envRecord,
  newPushOnceState,
  parseWorkerConfig,
  startupWarnings,
} from '../lib/index'
import { buildInfo } from './build-info'
import { requestIoredis } from './worker-transports'

export type Bindings = Readonly<Record<string, unknown>>
export type Runtime = ReturnType<typeof createRuntime>

export const log = (entry: Readonly<Record<string, unknown>>): void =>
  console.log(JSON.stringify({ time: new Date().toISOString(), ...entry }))

const runtimes = new WeakMap<Bindings, Runtime>()
/** The startup warnings are logged once per isolate. */
let warned = false

function createRuntime(env: EnvRecord, wc: ReturnType<typeof parseWorkerConfig>) {
  const { config, upstash } = wc
  const rest = upstash && new UpstashRestTransport({ url: upstash.url, token: upstash.token })
  const getTransport = (target: Target): RedisTransport => {
    if (rest && target.id === upstash.target.id && target.tls === upstash.target.tls) return rest
    return requestIoredis(config, target)
  }
  const build = buildInfo(env, 'cloudflare-workers')
  const app = createApp({
    config,
    getTransport,
    auth: wc.auth,
    version: build.version,
    buildInfo: build,
    log,
  })
  return { env, config, app, getTransport, push: newPushOnceState() }
}

/** The runtime of these bindings, made (and its startup warnings logged) on first use. */
export function runtimeFor(bindings: Bindings): Runtime {
  let rt = runtimes.get(bindings)
  if (!rt) {
    const env = envRecord(bindings)
    const wc = parseWorkerConfig(env)
    if (!warned) {
      warned = true
      for (const msg of startupWarnings(env, 'worker', wc.config)) log({ level: 'warn', msg })
    }
    rt = createRuntime(env, wc)
    runtimes.set(bindings, rt)
  }
  return rt
}
