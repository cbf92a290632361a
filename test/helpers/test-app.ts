import { createApp } from '../../lib/app'
import type { EnvRecord } from '../../lib/config'
import { parseConfig } from '../../lib/config'
import type { Target } from '../../lib/target'
import { FakeRedis } from './fake-redis'

/**
 * The shared app on a fake transport, for route tests: REDIS_ADDR is redis://main:6379 unless
 * `env` says otherwise; every target a transport is asked for and every log line are recorded.
 */
export function setupApp(env: EnvRecord = {}, transport = new FakeRedis(), share = false) {
  const targets: Target[] = []
  const logs: Record<string, unknown>[] = []
  const app = createApp({
    config: parseConfig({ REDIS_ADDR: 'redis://main:6379', ...env }),
    getTransport: (t) => {
      targets.push(t)
      return transport
    },
    processMetrics: async () => '# HELP process_up x\n# TYPE process_up gauge\nprocess_up 1\n',
    version: '1.2.3',
    shareConcurrentScrapes: share,
    log: (e) => logs.push({ ...e }),
  })
  return { app, targets, logs, transport }
}
