import { execFileSync } from 'node:child_process'
import { createServer } from 'node:http'
import type { TestProject } from 'vitest/node'
import { freePort } from '../helpers/free-port'
import {
  PUSHGATEWAY_PASSWORD,
  PUSHGATEWAY_USER,
  pushgatewayBinary,
  startPushgateway,
} from '../helpers/pushgateway'
import { seedStandardDataset, startRedis } from '../helpers/redis-server'
import { startUpstashServer } from '../helpers/upstash-server'
import { startCloudWatchCapture } from './cloudwatch-capture'
import { SECRETS } from './harness'
import type { Harness } from './harness'
import { workerdCpu } from './workerd-cpu'

/** Where the global setup has wrangler bundle the Worker the tests run (see vitest.config.ts). */
export const WORKER_TEST_OUTDIR = 'dist/worker-test'

/**
 * Runs in the vitest main process (workerd cannot spawn processes): bundles the Worker, starts two seeded
 * redis-servers, the Upstash-protocol server, a Pushgateway, a PutMetricData capture endpoint and
 * a control endpoint, provides their addresses to the tests, and stops everything afterwards.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = []
  const teardown = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined)
  }
  try {
    execFileSync(
      'node_modules/.bin/wrangler',
      ['deploy', '--dry-run', '--outdir', WORKER_TEST_OUTDIR],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      }
    )
    const rest = await startRedis()
    stops.push(() => rest.stop())
    await seedStandardDataset(rest)
    const tcp = await startRedis({ password: SECRETS.redisPassword })
    stops.push(() => tcp.stop())
    await seedStandardDataset(tcp)
    const upstash = await startUpstashServer({
      redis: { port: rest.port },
      token: SECRETS.upstashToken,
      slowMs: 15_000,
    })
    stops.push(() => upstash.stop())
    const pushgateway = pushgatewayBinary() ? await startPushgateway({ basicAuth: true }) : null
    if (pushgateway) stops.push(() => pushgateway.stop())
    else console.warn('prometheus-pushgateway is not installed: the Worker push tests are skipped')
    const cloudwatch = await startCloudWatchCapture()
    stops.push(() => cloudwatch.stop())
    const control = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(req.url === '/cpu' ? (workerdCpu() ?? null) : null))
    })
    await new Promise<void>((r) => control.listen(0, '127.0.0.1', r))
    stops.push(() => new Promise<void>((r) => control.close(() => r())))
    const controlPort = (control.address() as { port: number }).port

    const harness: Harness = {
      upstash: { url: upstash.url, token: upstash.token },
      tcp: { host: tcp.host, port: tcp.port, password: SECRETS.redisPassword },
      pushgateway: pushgateway && {
        url: pushgateway.url,
        username: PUSHGATEWAY_USER,
        password: PUSHGATEWAY_PASSWORD,
      },
      cloudwatch: { url: cloudwatch.url },
      control: { url: `http://127.0.0.1:${controlPort}` },
      closedPort: await freePort(),
    }
    project.provide('harness', harness)
  } catch (err) {
    await teardown()
    throw err
  }
  return teardown
}
