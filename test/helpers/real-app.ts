import { createApp } from '../../lib/app'
import type { EnvRecord } from '../../lib/config'
import { parseConfig } from '../../lib/config'
import { IoredisTransport, ioredisOptions } from '../../lib/transport/ioredis'
import { TransportPool } from '../../lib/transport/pool'
import type { Target } from '../../lib/target'
import { newClient } from './redis-client'

/** The shared app wired exactly as functions/node.ts wires it, with real ioredis clients. */
export function realApp(env: EnvRecord) {
  const config = parseConfig(env)
  const created: IoredisTransport[] = []
  /** Every target a transport was made for (each at most once: the pool keeps it warm). */
  const targets: Target[] = []
  const pool = new TransportPool((t: Target) => {
    targets.push(t)
    const transport = new IoredisTransport(
      () => newClient(ioredisOptions(t, config)),
      [config.password, t.password],
      { connectTimeoutMs: config.connectTimeoutSeconds * 1000 }
    )
    created.push(transport)
    return transport
  })
  const logs: Record<string, unknown>[] = []
  const app = createApp({
    config,
    getTransport: (t) => pool.get(t),
    version: 'test',
    buildInfo: {
      version: 'test',
      commitSha: '',
      buildDate: '',
      runtimeVersion: `node ${process.version}`,
    },
    log: (e) => logs.push({ ...e }),
  })
  return {
    app,
    config,
    logs,
    created,
    targets,
    async get(path = '/metrics'): Promise<string> {
      const res = await app.request(path)
      if (res.status !== 200) throw new Error(`${path} -> ${res.status}: ${await res.text()}`)
      return res.text()
    },
    close: () => pool.closeAll(),
  }
}
