import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExporterProcess } from '../helpers/exporter-process'
import { buildNodeBundle, startExporterProcess } from '../helpers/exporter-process'
import {
  EXAMPLE_SECRETS_DIR,
  RULE_FILES,
  SCRAPE_CONFIG_DIR,
  adaptExample,
  alertNames,
  dashboard,
  dashboardQueries,
  read,
  scrapeConfigItems,
  substitute,
  variableQuery,
} from '../helpers/ops-files'
import type { PromQueryData, PromSample, PrometheusServer } from '../helpers/prometheus-server'
import { prometheusBinary, startPrometheus } from '../helpers/prometheus-server'
import type { RedisCluster } from '../helpers/redis-cluster'
import { startRedisCluster } from '../helpers/redis-cluster'
import { RespConnection } from '../helpers/resp-client'
import type { RedisServer } from '../helpers/redis-server'
import { redisServerBinary, startRedis } from '../helpers/redis-server'

/**
 * The dashboard's queries and the alert rules, evaluated by a real Prometheus (Debian's 2.42)
 * that scrapes the built Node server (dist/node.mjs) through the four scrape-config examples:
 *
 * - `standalone`: a redis-server with maxmemory and AOF on, the instance every query is asked
 *   about first;
 * - a Redis Cluster of one master and one replica, for the queries that have no data on a
 *   standalone server (listed in ELSEWHERE with the reason, and checked to be empty there);
 * - `plain`: the exporter as a container runs it (no auth), behind multi-target.yml;
 * - `secured`: the exporter with a bearer token and basic auth as on Lambda, behind
 *   lambda-bearer.yml, lambda-basic-auth.yml and cluster-discovery.yml (http_sd).
 */

const RATE_INTERVAL = '10s'
const TOKEN = 'ops-dashboard-bearer-5d81c2'
const BASIC_USER = 'prometheus'
const BASIC_PASSWORD = 'ops-dashboard-basic-93ae07'
const FUNCTION_HOST = 'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6.lambda-url.eu-west-1.on.aws'

type Where = 'cluster master' | 'cluster replica'
/** Queries with no data on a standalone server: where they are asked instead, and why. */
const ELSEWHERE: Record<string, { on: Where; why: string }> = {
  'Replica lag › A': {
    on: 'cluster master',
    why: 'per-replica series of a master (INFO slaveN); the standalone server has no replica',
  },
  'Replica offset behind the master › A': {
    on: 'cluster master',
    why: 'per-replica series of a master (INFO slaveN); the standalone server has no replica',
  },
  'Link to the master › A': {
    on: 'cluster replica',
    why: 'master_link_status exists only on a replica',
  },
  'Link to the master › B': {
    on: 'cluster replica',
    why: 'master_last_io_seconds_ago exists only on a replica',
  },
  'Cluster state › A': { on: 'cluster master', why: 'CLUSTER INFO exists only on cluster nodes' },
  'Cluster slots › A': { on: 'cluster master', why: 'CLUSTER INFO exists only on cluster nodes' },
  'Cluster slots › B': { on: 'cluster master', why: 'CLUSTER INFO exists only on cluster nodes' },
  'Cluster slots › C': { on: 'cluster master', why: 'CLUSTER INFO exists only on cluster nodes' },
  'Known nodes › A': { on: 'cluster master', why: 'CLUSTER INFO exists only on cluster nodes' },
  'Known nodes › B': { on: 'cluster master', why: 'CLUSTER INFO exists only on cluster nodes' },
}

const ready = prometheusBinary() !== undefined && redisServerBinary() !== undefined

/** Samples of an instant query (a scalar counts as one). */
function values(data: PromQueryData): number[] {
  if (data.resultType === 'vector') return data.result.map((s) => Number(s.value[1]))
  if (data.resultType === 'scalar') return [Number(data.result[1])]
  throw new Error(`unexpected result type ${data.resultType}`)
}

/** Writes, reads (hits and misses), expiring keys and one error reply, every 50 ms, until stopped. */
function startLoad(servers: RedisServer[]): () => Promise<void> {
  let running = true
  const loops = servers.map(async (server) => {
    const conn = await RespConnection.open({ port: server.port, timeoutMs: 5_000 })
    try {
      for (let i = 0; running; i++) {
        await conn.call('SET', `key:${i % 50}`, `value-${i}`)
        await conn.call('GET', `key:${i % 50}`)
        await conn.call('GET', `missing:${i}`)
        await conn.call('SETEX', `session:${i % 20}`, 3600, 'token')
        await conn.call('LPUSH', 'queue', i)
        await conn.call('LTRIM', 'queue', 0, 99)
        await conn.call('INCR', 'key:0').catch(() => undefined) // ERR value is not an integer
        await sleep(50)
      }
    } finally {
      conn.close()
    }
  })
  return async () => {
    running = false
    await Promise.all(loops)
  }
}

describe.skipIf(!ready)('dashboard queries and alert rules on a real Prometheus', () => {
  let dir: string
  let standalone: RedisServer
  let cluster: RedisCluster
  let plain: ExporterProcess
  let secured: ExporterProcess
  let prom: PrometheusServer
  let stopLoad: (() => Promise<void>) | undefined
  const instanceOf = (where: Where) =>
    where === 'cluster master' ? cluster.masters[0]!.url : cluster.replicas[0]!.url

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ops-dashboard-'))
    const [bundle, s, c] = await Promise.all([
      buildNodeBundle(join(dir, 'dist')),
      startRedis({ args: ['--maxmemory', '64mb', '--appendonly', 'yes'] }),
      startRedisCluster({ masters: 1, replicas: 1 }),
    ])
    standalone = s
    cluster = c
    const master = cluster.masters[0]!
    // The run lasts seconds: latency histograms asked every scrape, so their rates have data.
    const common = {
      REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: '127.0.0.1',
      REDIS_EXPORTER_LATENCY_REFRESH_INTERVAL: '0',
    }
    ;[plain, secured] = await Promise.all([
      startExporterProcess({ args: [bundle], env: { ...common, REDIS_ADDR: standalone.url } }),
      startExporterProcess({
        args: [bundle],
        env: {
          ...common,
          REDIS_ADDR: master.url,
          REDIS_EXPORTER_BEARER_TOKEN: TOKEN,
          REDIS_EXPORTER_BASIC_AUTH_USERNAME: BASIC_USER,
          REDIS_EXPORTER_BASIC_AUTH_PASSWORD: BASIC_PASSWORD,
        },
      }),
    ])
    stopLoad = startLoad([standalone, master])
    prom = await startPrometheus(prometheusConfig())
    await waitForData()
  }, 90_000)

  afterAll(async () => {
    await stopLoad?.()
    await Promise.all([prom?.stop(), plain?.stop(), secured?.stop()])
    await Promise.all([standalone?.stop(), cluster?.stop()])
    rmSync(dir, { recursive: true, force: true })
  })

  /** The four examples, pointed at the test's exporters, with credential files that exist. */
  function prometheusConfig(): string {
    const secrets = join(dir, 'secrets')
    mkdirSync(secrets)
    writeFileSync(join(secrets, 'redis-exporter-token'), `${TOKEN}\n`, { mode: 0o600 })
    writeFileSync(join(secrets, 'redis-exporter-password'), `${BASIC_PASSWORD}\n`, { mode: 0o600 })
    const lambda: [string, string][] = [
      ['scheme: https', 'scheme: http'],
      [FUNCTION_HOST, secured.address],
      [EXAMPLE_SECRETS_DIR, `${secrets}/`],
    ]
    const examples: Record<string, [string, string][]> = {
      'lambda-bearer.yml': lambda,
      'lambda-basic-auth.yml': lambda,
      'multi-target.yml': [
        ['redis://redis-a.example.internal:6379', standalone.url],
        ['redis://redis-b.example.internal:6379', cluster.masters[0]!.url],
        ['redis-exporter.example.internal:9121', plain.address],
      ],
      'cluster-discovery.yml': [
        [
          `https://${FUNCTION_HOST}/discover-cluster-nodes?target=rediss://clustercfg.orders.xxxxxx.euw1.cache.amazonaws.com:6379`,
          `http://${secured.address}/discover-cluster-nodes?target=${cluster.masters[0]!.url}`,
        ],
        ...lambda,
      ],
    }
    const items = Object.entries(examples).map(([file, replacements]) =>
      scrapeConfigItems(adaptExample(read(join(SCRAPE_CONFIG_DIR, file)), replacements))
        // The examples' 30s interval and 10s timeout would make this test minutes long.
        .replace(/^\s+scrape_(interval|timeout): .*\n/gm, '')
    )
    return [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      '  evaluation_interval: 1s',
      'rule_files:',
      ...RULE_FILES.map((f) => `  - ${f}`),
      'scrape_configs:',
      ...items,
    ].join('\n')
  }

  type Target = { labels: Record<string, string>; health: string; lastError: string }

  async function waitForData(): Promise<void> {
    const deadline = Date.now() + 45_000
    let last = ''
    while (Date.now() < deadline) {
      const { activeTargets } = await prom.api<{ activeTargets: Target[] }>('targets')
      const samples = values(await prom.query('min(count_over_time(redis_up[30s]))'))[0] ?? 0
      last = `${samples} samples; targets: ${activeTargets.map((t) => `${t.labels['job']} ${t.labels['instance']} ${t.health} ${t.lastError}`).join(', ')}`
      if (
        activeTargets.length === 7 &&
        activeTargets.every((t) => t.health === 'up') &&
        samples >= 12
      )
        return
      await sleep(500)
    }
    throw new Error(`no steady data after 45 s: ${last}\n${prom.logs()}`)
  }

  it('scrapes through every example: bearer, basic auth, /scrape relabelling and http_sd', async () => {
    const { activeTargets } = await prom.api<{ activeTargets: Target[] }>('targets')
    const seen = activeTargets.map((t) => `${t.labels['job']} ${t.labels['instance']}`).sort()
    expect(seen).toEqual(
      [
        `redis ${standalone.url}`,
        `redis ${cluster.masters[0]!.url}`,
        `redis-exporter ${plain.address}`,
        `redis-lambda ${secured.address}`,
        `redis-lambda-basic ${secured.address}`,
        // Discovered by /discover-cluster-nodes from the seed: every node of the cluster.
        `redis-cluster ${cluster.masters[0]!.url}`,
        `redis-cluster ${cluster.replicas[0]!.url}`,
      ].sort()
    )
    // The credentials are what made those targets up: without them the exporter answers 401.
    expect((await fetch(`${secured.url}/metrics`)).status).toBe(401)
    for (const job of [
      'redis',
      'redis-exporter',
      'redis-lambda',
      'redis-lambda-basic',
      'redis-cluster',
    ]) {
      expect(values(await prom.query(`min(up{job="${job}"})`)), job).toEqual([1])
      expect(values(await prom.query(`min(redis_up{job="${job}"})`)), job).toEqual([1])
    }
  })

  it('offers every scraped Redis in the instance variable (label_values(redis_up, instance))', async () => {
    const v = dashboard().templating.list.find((x) => x.name === 'instance')!
    const m = /^label_values\((\w+), (\w+)\)$/.exec(variableQuery(v))
    expect(m).not.toBeNull()
    const labelValues = await prom.api<string[]>(
      `label/${m![2]}/values?match[]=${encodeURIComponent(m![1]!)}`
    )
    for (const url of [standalone.url, cluster.masters[0]!.url, cluster.replicas[0]!.url]) {
      expect(labelValues).toContain(url)
    }
  })

  const queries = dashboardQueries(dashboard()).map((q) => ({
    ...q,
    key: `${q.panel} › ${q.refId}`,
  }))

  it('lists in ELSEWHERE only queries the dashboard has', () => {
    const keys = new Set(queries.map((q) => q.key))
    expect(Object.keys(ELSEWHERE).filter((k) => !keys.has(k))).toEqual([])
  })

  it.each(queries.map((q) => [q.key, q]))('query %s returns data', async (_key, q) => {
    const vars = (instance: string) => ({
      instance,
      __rate_interval: RATE_INTERVAL,
      __interval: '5s',
    })
    const onStandalone = values(await prom.query(substitute(q.expr, vars(standalone.url))))
    const elsewhere = ELSEWHERE[q.key]
    if (elsewhere) {
      expect(
        onStandalone,
        `${q.key} has data on a standalone server: drop it from ELSEWHERE`
      ).toEqual([])
      const there = values(await prom.query(substitute(q.expr, vars(instanceOf(elsewhere.on)))))
      expect(there.some(Number.isFinite), `${q.key} on the ${elsewhere.on}: ${there}`).toBe(true)
    } else {
      expect(onStandalone.some(Number.isFinite), `${q.key}: ${onStandalone}`).toBe(true)
    }
  })

  type Rule = {
    name: string
    type: string
    health: string
    lastError?: string
    labels: Record<string, string>
    annotations: Record<string, string>
  }

  it('loads every alert rule, which evaluates without error on the real series', async () => {
    const { groups } = await prom.api<{ groups: { file: string; rules: Rule[] }[] }>('rules')
    const rules = groups.flatMap((g) => g.rules.map((r) => ({ ...r, file: basename(g.file) })))
    expect(rules.map((r) => r.name).sort()).toEqual(
      RULE_FILES.flatMap((f) => alertNames(read(f))).sort()
    )
    for (const r of rules) {
      expect(r.type, r.name).toBe('alerting')
      expect({ name: r.name, health: r.health, lastError: r.lastError ?? '' }).toEqual({
        name: r.name,
        health: 'ok',
        lastError: '',
      })
      expect(['critical', 'warning', 'info'], r.name).toContain(r.labels['severity'])
      expect(r.annotations['summary'], r.name).toBeTruthy()
      expect(r.annotations['description'], r.name).toBeTruthy()
    }
  })

  it('fires no alert on a healthy standalone server and cluster', async () => {
    const { alerts } = await prom.api<{
      alerts: { labels: Record<string, string>; state: string }[]
    }>('alerts')
    // A scrape that really failed (a loaded machine and the 1 s scrape timeout) is not a false
    // positive: the scrape-failure alerts may fire for an instance whose redis_up was 0.
    const failed = new Set(
      (
        (await prom.query('min_over_time(redis_up[5m]) == 0')) as { result: PromSample[] }
      ).result.map((s) => s.metric['instance'])
    )
    const explained = (a: { labels: Record<string, string> }) =>
      ['RedisExporterScrapeErrors', 'RedisExporterTargetDown'].includes(a.labels['alertname']!) &&
      failed.has(a.labels['instance'])
    expect(
      alerts
        .filter((a) => a.state === 'firing' && !explained(a))
        .map((a) => `${a.labels['alertname']} ${a.labels['instance']}`)
    ).toEqual([])
  })
})
