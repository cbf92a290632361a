import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPushHandler } from '../../functions/lambda-push-handler'
import type { PushOutcome } from '../../functions/lambda-push-handler'
import { lambdaContext } from '../fixtures/lambda/context'
import { fixture } from '../fixtures/lambda/events'
import type { RedisCluster } from '../helpers/redis-cluster'
import { startRedisCluster } from '../helpers/redis-cluster'

const PASSWORD = 'cl-push-pw-4b1c'

type Doc = Record<string, unknown> & {
  _aws: { CloudWatchMetrics: { Dimensions: string[][] }[] }
}

const commandsProcessed = async (cluster: RedisCluster, port: number): Promise<number> => {
  const node = cluster.nodes.find((n) => n.port === port)!
  return Number(/total_commands_processed:(\d+)/.exec(String(await node.command('INFO')))?.[1])
}

describe('the Lambda push against a 3-master cluster given one node as the seed', () => {
  let cluster: RedisCluster
  let push: ReturnType<typeof createPushHandler>
  let seedPort: number
  const lines: string[] = []
  const logs: Record<string, unknown>[] = []
  const docs = (): Doc[] => lines.map((l) => JSON.parse(l) as Doc)
  /** Each invocation is a later minute: a warm container skips a second delivery of one. */
  let minute = 0
  const invoke = async (): Promise<PushOutcome> => {
    lines.length = 0
    logs.length = 0
    const scheduledTime = new Date(Date.parse('2026-11-22T05:00:00Z') + 60_000 * ++minute)
    return push.handler(
      { ...fixture('scheduler'), scheduledTime: scheduledTime.toISOString() },
      lambdaContext(20_000, 'redis-exporter-dev-push')
    )
  }

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, password: PASSWORD })
    seedPort = cluster.masters[1]!.port
    push = createPushHandler(
      {
        REDIS_ADDR: '',
        REDIS_EXPORTER_TARGETS: `redis://127.0.0.1:${seedPort}?name=orders&password_env=CL_PW&dim.team=core`,
        CL_PW: PASSWORD,
        REDIS_EXPORTER_CLOUDWATCH_DIMENSIONS: 'env=test',
        REDIS_EXPORTER_SCRAPE_TIMEOUT: '3s',
        // The nodes announce 127.0.0.1: the discovery scope must hold them.
        REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: '127.0.0.1/32',
      },
      {
        write: async (line) => {
          // The targets' documents; the push's own (Shard) document is tested elsewhere.
          if (!line.includes('"Shard":')) lines.push(line.slice(0, -1))
        },
        log: (e) => logs.push({ ...e }),
      }
    )
  })
  afterAll(async () => {
    await push?.close()
    await cluster?.stop()
  })

  const nodeIds = () =>
    cluster.masters.map((m) => `127.0.0.1:${m.port}`).sort((a, b) => a.localeCompare(b))

  it('pushes one set of metrics per node, each with its own target and the seed dimension', async () => {
    const outcome = await invoke()
    expect(outcome.failures).toEqual([])
    expect(outcome.ok).toBe(true)
    expect(outcome.targets.map((t) => [t.id, t.up]).sort()).toEqual(
      nodeIds().map((id) => [id, true])
    )
    expect(lines).toHaveLength(3)
    const byTarget = new Map(docs().map((d) => [d['target'], d]))
    expect([...byTarget.keys()].sort()).toEqual(nodeIds())
    for (const id of nodeIds()) {
      const doc = byTarget.get(id)!
      expect(doc).toMatchObject({
        role: 'master',
        seed: 'orders',
        team: 'core',
        env: 'test',
        redis_up: 1,
      })
      expect(doc._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([
        ['target', 'role', 'env', 'team', 'seed'],
      ])
    }
    expect(logs.filter((l) => l['level'] === 'warn')).toEqual([])
    expect(JSON.stringify([lines, logs, outcome])).not.toContain(PASSWORD)
  })

  it('reuses the node list on the next push: the seed only answers its own collection', async () => {
    const before = await commandsProcessed(cluster, seedPort)
    const other = cluster.masters[0]!.port
    const otherBefore = await commandsProcessed(cluster, other)
    const outcome = await invoke()
    expect(outcome.ok).toBe(true)
    expect(
      docs()
        .map((d) => d['target'])
        .sort()
    ).toEqual(nodeIds())
    // Every node got the same collection (plus the helper's INFO); no discovery on the seed.
    const seedDelta = (await commandsProcessed(cluster, seedPort)) - before
    const otherDelta = (await commandsProcessed(cluster, other)) - otherBefore
    expect(seedDelta).toBe(otherDelta)
  })
})
