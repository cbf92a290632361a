import { describe, expect, it } from 'vitest'
import { newTargetState } from '../../../lib/collect/target-state'
import { parseConfig } from '../../../lib/config'
import { scrapeTarget } from '../../../lib/scrape'
import { parseTarget } from '../../../lib/target'
import { UpstashRestTransport } from '../../../lib/transport/upstash-rest'
import { parsePromText, sampleValue } from '../../helpers/prom-text'
import { renderPrometheus } from '../../../lib/render/prometheus'

/**
 * An Upstash-like INFO: only the six sections Upstash offers (server, clients, memory, stats,
 * cluster, keyspace; managed-redis.md §1.8), no run_id. Synthesized from Upstash's documentation,
 * not a capture.
 */
const UPSTASH_INFO = [
  '# Server',
  'redis_version:6.2.6',
  'redis_mode:standalone',
  'os:Upstash',
  'arch_bits:64',
  'tcp_port:6379',
  'uptime_in_seconds:86400',
  'uptime_in_days:1',
  '',
  '# Clients',
  'connected_clients:3',
  'blocked_clients:0',
  'maxclients:1000',
  '',
  '# Memory',
  'used_memory:1048576',
  'used_memory_human:1.00M',
  'maxmemory:268435456',
  'maxmemory_policy:noeviction',
  '',
  '# Stats',
  'total_connections_received:120',
  'total_commands_processed:4500',
  'instantaneous_ops_per_sec:2',
  'total_net_input_bytes:123456',
  'total_net_output_bytes:654321',
  'rejected_connections:0',
  'expired_keys:12',
  'evicted_keys:0',
  'keyspace_hits:800',
  'keyspace_misses:200',
  '',
  '# Cluster',
  'cluster_enabled:0',
  '',
  '# Keyspace',
  'db0:keys=42,expires=5,avg_ttl=0',
  '',
].join('\r\n')

function fakeUpstash() {
  const bodies: string[][][] = []
  const fetch = (async (_url: unknown, init?: RequestInit) => {
    const commands = JSON.parse(String(init?.body)) as string[][]
    bodies.push(commands)
    const results = commands.map((c) =>
      c[0]?.toUpperCase() === 'INFO'
        ? { result: btoa(UPSTASH_INFO) }
        : { error: `ERR unknown command '${c[0]}'` }
    )
    return new Response(JSON.stringify(results), {
      headers: { 'content-type': 'application/json' },
    })
  }) as typeof globalThis.fetch
  return {
    bodies,
    transport: new UpstashRestTransport({
      url: 'https://eu1-x.upstash.io',
      token: 'tok-8c1f',
      fetch,
    }),
  }
}

describe('an Upstash-like target over the Upstash REST transport', () => {
  it('is up with the INFO families, shows every optional collector and missing INFO section as unavailable, and sends only INFO', async () => {
    const { bodies, transport } = fakeUpstash()
    const config = parseConfig({ REDIS_ADDR: 'rediss://eu1-x.upstash.io:443' })
    const state = newTargetState()
    const logs: Record<string, unknown>[] = []
    const scrape = async () => {
      const r = await scrapeTarget(transport, state, {
        config,
        timeoutSeconds: 2,
        now: Date.now,
        target: parseTarget('rediss://eu1-x.upstash.io:443'),
        log: (e) => logs.push({ ...e }),
      })
      return parsePromText(renderPrometheus(r.families))
    }
    await scrape()
    const families = await scrape()
    expect(sampleValue(families, 'redis_up')).toBe(1)
    expect(sampleValue(families, 'redis_db_keys', { db: 'db0' })).toBe(42)
    expect(sampleValue(families, 'redis_config_maxclients')).toBe(1000)
    expect(sampleValue(families, 'redis_memory_max_bytes')).toBe(268435456)
    const available = Object.fromEntries(
      (families.get('redis_exporter_collector_available')?.samples ?? []).map((s) => [
        s.labels['collector'],
        s.value,
      ])
    )
    expect(available).toMatchObject({
      config: 0,
      latency_latest: 0,
      slowlog: 0,
      info_server: 1,
      info_keyspace: 1,
      info_commandstats: 0,
      info_replication: 0,
      info_persistence: 0,
    })
    expect(available['client']).toBeUndefined()
    // Upstash bills every command: after the first scrape, one HTTP request with INFO alone.
    expect(bodies.at(-1)).toEqual([['INFO', 'ALL']])
    expect(bodies.flat().map((c) => c[0])).toEqual(['INFO', 'INFO'])
    expect(
      logs.filter((l) => String(l['msg']).startsWith('optional command unavailable'))
    ).toHaveLength(3)
    expect(JSON.stringify(logs)).not.toContain('tok-8c1f')
  })
})
