import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseInfo } from '../../lib/parse/info'
import { parsePromText, sampleValue } from '../helpers/prom-text'
import type { RedisServer } from '../helpers/redis-server'
import { seedStandardDataset, startRedis } from '../helpers/redis-server'
import { renderWithPromClient } from '../helpers/prom-client-render'
import { realApp } from '../helpers/real-app'

async function serverInfo(server: RedisServer, section: string): Promise<Record<string, string>> {
  return { ...parseInfo(String(await server.command('INFO', section))) }
}

function calls(info: Record<string, string>, cmd: string): number {
  const m = /calls=(\d+)/.exec(info[`cmdstat_${cmd}`] ?? '')
  return m ? Number(m[1]) : 0
}

describe('a standalone Redis with data in several dbs', () => {
  let server: RedisServer
  let exporter: ReturnType<typeof realApp>

  beforeAll(async () => {
    server = await startRedis()
    await seedStandardDataset(server)
    exporter = realApp({ REDIS_ADDR: server.url })
  })
  afterAll(async () => {
    await exporter?.close()
    await server?.stop()
  })

  it('exports the redis_exporter families with the real values', async () => {
    const families = parsePromText(await exporter.get())
    expect(sampleValue(families, 'redis_up')).toBe(1)
    expect(sampleValue(families, 'redis_exporter_last_scrape_error', { err: '' })).toBe(0)
    expect(sampleValue(families, 'redis_db_keys', { db: 'db0' })).toBe(10)
    expect(sampleValue(families, 'redis_db_keys', { db: 'db1' })).toBe(3)
    expect(sampleValue(families, 'redis_db_keys', { db: 'db3' })).toBe(2)
    expect(sampleValue(families, 'redis_db_keys_expiring', { db: 'db0' })).toBe(1)
    expect(sampleValue(families, 'redis_db_keys', { db: 'db15' })).toBe(0)
    expect(families.get('redis_db_keys')?.samples).toHaveLength(16)
    // avg_ttl is Redis's running estimate from its expire cycle: present, but 0 until a cycle ran.
    expect(sampleValue(families, 'redis_db_avg_ttl_seconds', { db: 'db0' })).toBeGreaterThanOrEqual(
      0
    )
    expect(sampleValue(families, 'redis_commands_total', { cmd: 'lrange' })).toBe(1)
    expect(sampleValue(families, 'redis_errors_total', { err: 'ERR' })).toBeGreaterThanOrEqual(2)
    expect(sampleValue(families, 'redis_keyspace_hits_total')).toBeGreaterThanOrEqual(1)
    expect(sampleValue(families, 'redis_keyspace_misses_total')).toBeGreaterThanOrEqual(1)
    expect(sampleValue(families, 'redis_slowlog_length')).toBeGreaterThanOrEqual(1)
    expect(sampleValue(families, 'redis_last_slow_execution_duration_seconds')).toBeGreaterThan(
      0.01
    )
    expect(
      sampleValue(families, 'redis_latency_spike_duration_seconds', { event_name: 'command' })
    ).toBeGreaterThan(0)
    expect(sampleValue(families, 'redis_config_maxclients')).toBe(10000)
    expect(sampleValue(families, 'redis_config_maxmemory')).toBe(0)
    expect(families.get('redis_config_client_output_buffer_limit_bytes')?.samples).toHaveLength(6)
    expect(families.get('redis_instance_info')?.samples[0]?.labels).toMatchObject({
      role: 'master',
      redis_mode: 'standalone',
      tcp_port: String(server.port),
    })
    const evalSum = sampleValue(families, 'redis_latency_percentiles_usec_sum', { cmd: 'eval' })
    expect(evalSum).toBeGreaterThan(20_000)
    expect(families.get('redis_latency_percentiles_usec')?.type).toBe('summary')
    const hist = families.get('redis_commands_latencies_usec')
    expect(hist?.type).toBe('histogram')
    const evalCount = sampleValue(families, 'redis_commands_latencies_usec_count', { cmd: 'eval' })
    expect(evalCount).toBe(2)
    expect(
      sampleValue(families, 'redis_commands_latencies_usec_bucket', { cmd: 'eval', le: '+Inf' })
    ).toBe(2)
  })

  it('sends every warm scrape in exactly one round trip, on zero new connections, without CONFIG', async () => {
    await exporter.get() // warm: the first scrape above already learned the server
    const before = await serverInfo(server, 'all')
    const transport = exporter.created[0]!
    const generation = transport.connectionId()
    for (let i = 0; i < 5; i++) await exporter.get()
    const after = await serverInfo(server, 'all')
    // The INFO calls of this test itself (two) are subtracted.
    expect(calls(after, 'info') - calls(before, 'info') - 1).toBe(5)
    expect(calls(after, 'config|get') - calls(before, 'config|get')).toBe(0)
    expect(calls(after, 'latency|latest') - calls(before, 'latency|latest')).toBe(5)
    // Within REDIS_EXPORTER_LATENCY_REFRESH_INTERVAL (30 s by default) the histogram of the
    // first scrape is reused, and INFO leaves out latencystats.
    expect(calls(after, 'latency|histogram') - calls(before, 'latency|histogram')).toBe(0)
    expect(calls(after, 'slowlog|len') - calls(before, 'slowlog|len')).toBe(5)
    expect(calls(after, 'client|setname') - calls(before, 'client|setname')).toBe(0)
    // Each helper INFO opens one connection; the exporter opens none.
    expect(
      Number(after['total_connections_received']) - Number(before['total_connections_received'])
    ).toBe(1)
    expect(transport.connectionId()).toBe(generation)
    expect(Number(after['total_error_replies'])).toBe(Number(before['total_error_replies']))
  })

  it('asks LATENCY HISTOGRAM and INFO ALL every scrape with REDIS_EXPORTER_LATENCY_REFRESH_INTERVAL=0', async () => {
    const everyScrape = realApp({
      REDIS_ADDR: server.url,
      REDIS_EXPORTER_LATENCY_REFRESH_INTERVAL: '0',
    })
    try {
      await everyScrape.get()
      const before = await serverInfo(server, 'all')
      for (let i = 0; i < 3; i++) await everyScrape.get()
      const after = await serverInfo(server, 'all')
      expect(calls(after, 'latency|histogram') - calls(before, 'latency|histogram')).toBe(3)
      expect(await everyScrape.get()).toContain('redis_commands_latencies_usec_bucket{cmd="eval"')
    } finally {
      await everyScrape.close()
    }
  })

  it('shares one client between concurrent scrapes', async () => {
    const before = await serverInfo(server, 'stats')
    const pages = await Promise.all(Array.from({ length: 20 }, () => exporter.get()))
    for (const page of pages) expect(page).toContain('\nredis_up 1\n')
    const after = await serverInfo(server, 'stats')
    expect(
      Number(after['total_connections_received']) - Number(before['total_connections_received'])
    ).toBe(1)
  })

  it('renders a whole real scrape byte-identically to prom-client', async () => {
    const { scrapeTarget } = await import('../../lib/scrape')
    const { newTargetState } = await import('../../lib/collect/target-state')
    const { renderPrometheus } = await import('../../lib/render/prometheus')
    const result = await scrapeTarget(exporter.created[0]!, newTargetState(), {
      config: exporter.config,
      timeoutSeconds: 5,
      now: Date.now,
    })
    expect(result.snapshot.up).toBe(true)
    expect(result.families.length).toBeGreaterThan(100)
    expect(renderPrometheus(result.families)).toBe(await renderWithPromClient(result.families))
  })

  it('recovers on its own after Redis kills the connection', async () => {
    await server.command('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes')
    // The dead socket may fail one scrape; the one after must be up on a fresh connection.
    const first = await exporter.get()
    const second = first.includes('\nredis_up 1\n') ? first : await exporter.get()
    expect(second).toContain('\nredis_up 1\n')
  })
})

describe('a Redis with a password', () => {
  let server: RedisServer
  beforeAll(async () => {
    server = await startRedis({ password: 's3cret-pw' })
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('reports NOAUTH as redis_up 0 when no password is configured, like redis_exporter', async () => {
    const exporter = realApp({ REDIS_ADDR: server.url })
    try {
      const page = await exporter.get()
      expect(page).toContain('\nredis_up 0\n')
      expect(page).toContain(
        'redis_exporter_last_scrape_error{err="NOAUTH Authentication required."} 1'
      )
    } finally {
      await exporter.close()
    }
  })

  it('authenticates with REDIS_PASSWORD and never prints it', async () => {
    const exporter = realApp({ REDIS_ADDR: server.url, REDIS_PASSWORD: 's3cret-pw' })
    try {
      const page = await exporter.get()
      expect(page).toContain('\nredis_up 1\n')
      expect(page).not.toContain('s3cret-pw')
    } finally {
      await exporter.close()
    }
  })

  it('reports a wrong password without echoing it', async () => {
    const exporter = realApp({ REDIS_ADDR: server.url, REDIS_PASSWORD: 'wrong-pw-123' })
    try {
      const page = await exporter.get()
      expect(page).toContain('\nredis_up 0\n')
      expect(page).toMatch(/last_scrape_error\{err="WRONGPASS[^"]*"\} 1/)
      expect(page).not.toContain('wrong-pw-123')
      expect(JSON.stringify(exporter.logs)).not.toContain('wrong-pw-123')
    } finally {
      await exporter.close()
    }
  })

  it('takes the password from REDIS_ADDR too', async () => {
    const exporter = realApp({ REDIS_ADDR: `redis://:s3cret-pw@127.0.0.1:${server.port}` })
    try {
      expect(await exporter.get()).toContain('\nredis_up 1\n')
    } finally {
      await exporter.close()
    }
  })
})

describe('a master with a replica', () => {
  let master: RedisServer
  let replica: RedisServer
  beforeAll(async () => {
    master = await startRedis()
    await seedStandardDataset(master)
    replica = await startRedis({ replicaOf: { port: master.port } })
    // The replica's link is up before the master lists it as online; wait for both sides.
    const deadline = Date.now() + 15_000
    while (!/slave0:.*state=online/.test(String(await master.command('INFO', 'replication')))) {
      if (Date.now() > deadline) throw new Error('replica never became online on the master')
      await new Promise((r) => setTimeout(r, 100))
    }
  })
  afterAll(async () => {
    await replica?.stop()
    await master?.stop()
  })

  it('exports the replica side: slave_info, master link and offsets', async () => {
    const exporter = realApp({ REDIS_ADDR: replica.url })
    try {
      const families = parsePromText(await exporter.get())
      expect(families.get('redis_instance_info')?.samples[0]?.labels['role']).toBe('slave')
      const labels = { master_host: '127.0.0.1', master_port: String(master.port) }
      expect(sampleValue(families, 'redis_master_link_up', labels)).toBe(1)
      expect(sampleValue(families, 'redis_slave_repl_offset', labels)).toBeGreaterThanOrEqual(0)
      expect(sampleValue(families, 'redis_master_sync_in_progress', labels)).toBe(0)
      expect(families.get('redis_slave_info')?.samples[0]?.labels).toMatchObject({
        ...labels,
        read_only: '1',
      })
      expect(sampleValue(families, 'redis_db_keys', { db: 'db0' })).toBe(10)
    } finally {
      await exporter.close()
    }
  })

  it('exports the master side: connected replicas with offset and lag', async () => {
    const exporter = realApp({ REDIS_ADDR: master.url })
    try {
      const families = parsePromText(await exporter.get())
      expect(sampleValue(families, 'redis_connected_slaves')).toBe(1)
      const offsets = families.get('redis_connected_slave_offset_bytes')?.samples ?? []
      expect(offsets).toHaveLength(1)
      expect(offsets[0]?.labels).toMatchObject({
        slave_ip: '127.0.0.1',
        slave_port: String(replica.port),
        slave_state: 'online',
      })
      expect(families.get('redis_connected_slave_lag_seconds')?.samples).toHaveLength(1)
    } finally {
      await exporter.close()
    }
  })
})

describe('a Redis with CONFIG, LATENCY and SLOWLOG renamed away (a managed service)', () => {
  let server: RedisServer
  beforeAll(async () => {
    server = await startRedis({ renameCommands: ['CONFIG', 'LATENCY', 'SLOWLOG'] })
    await seedStandardDataset(server)
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('stays up, drops only the optional families, and fills the CONFIG limits from INFO', async () => {
    const exporter = realApp({ REDIS_ADDR: server.url })
    try {
      const families = parsePromText(await exporter.get())
      expect(sampleValue(families, 'redis_up')).toBe(1)
      expect(sampleValue(families, 'redis_exporter_last_scrape_error', { err: '' })).toBe(0)
      for (const gone of [
        'redis_slowlog_length',
        'redis_latency_spike_last',
        'redis_commands_latencies_usec',
        'redis_config_io_threads',
      ]) {
        expect(families.has(gone), gone).toBe(false)
      }
      expect(sampleValue(families, 'redis_config_maxclients')).toBe(10000)
      expect(sampleValue(families, 'redis_config_maxmemory')).toBe(0)
      expect(sampleValue(families, 'redis_memory_max_bytes')).toBe(0)
      expect(families.get('redis_db_keys')?.samples).toHaveLength(16)
      for (const collector of ['config', 'latency_latest', 'slowlog']) {
        expect(sampleValue(families, 'redis_exporter_collector_success', { collector })).toBe(0)
      }
    } finally {
      await exporter.close()
    }
  })

  it('stops sending the refused commands, so the server error counters stay flat', async () => {
    const exporter = realApp({ REDIS_ADDR: server.url })
    try {
      await exporter.get()
      await exporter.get()
      const before = await serverInfo(server, 'stats')
      for (let i = 0; i < 3; i++) await exporter.get()
      const after = await serverInfo(server, 'stats')
      expect(after['total_error_replies']).toBe(before['total_error_replies'])
    } finally {
      await exporter.close()
    }
  })
})

describe('an unreachable Redis', () => {
  it('answers within the deadline with redis_up 0 and the connection error', async () => {
    const server = await startRedis()
    const port = server.port
    await server.stop()
    const exporter = realApp({
      REDIS_ADDR: `redis://127.0.0.1:${port}`,
      REDIS_EXPORTER_SCRAPE_TIMEOUT: '2s',
    })
    try {
      const started = Date.now()
      const page = await exporter.get()
      expect(Date.now() - started).toBeLessThan(2500)
      expect(page).toContain('\nredis_up 0\n')
      expect(page).toMatch(/last_scrape_error\{err="[^"]*ECONNREFUSED[^"]*"\} 1/)
      expect(page).toContain('redis_exporter_last_scrape_connect_time_seconds')
    } finally {
      await exporter.close()
    }
  })
})
