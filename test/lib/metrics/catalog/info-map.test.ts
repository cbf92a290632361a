import { describe, expect, it } from 'vitest'
import type { InfoDescriptor, Section } from '../../../../lib/metrics/catalog/info-map'
import { INFO_FIELDS, INFO_MAP, SECTION_SOURCES } from '../../../../lib/metrics/catalog/info-map'

const ROWS: readonly InfoDescriptor[] = [...INFO_FIELDS.values()]
const NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** Row counts per table in redis_exporter.md §1.3 (HEAD). */
const SECTION_COUNTS: Record<Section, number> = {
  server: 3,
  clients: 14,
  memory: 49,
  persistence: 29,
  stats: 45,
  replication: 12,
  cpu: 7,
  cluster: 2,
  keydb: 6,
  tile38: 19,
  modules: 72,
}

const count = <T>(items: readonly T[], pred: (item: T) => boolean): number =>
  items.filter(pred).length

describe('INFO_MAP', () => {
  it.each(Object.entries(SECTION_COUNTS))('has every row of the §1.3 %s table', (section, n) => {
    expect(Object.keys(INFO_MAP[section as Section])).toHaveLength(n)
    expect(count(ROWS, (r) => r.section === section)).toBe(n)
  })

  it('has 258 rows, each field once across sections', () => {
    const fields = Object.values(INFO_MAP).flatMap((rows) => Object.keys(rows))
    expect(fields).toHaveLength(258)
    expect(new Set(fields).size).toBe(258)
    expect(INFO_FIELDS.size).toBe(258)
  })

  it('holds 180 static gauges, 77 counters, plus the opt-in total_system_memory gauge', () => {
    const gauges = ROWS.filter((r) => r.type === 'gauge')
    expect(gauges).toHaveLength(181)
    expect(count(ROWS, (r) => r.type === 'counter')).toBe(77)
    expect(count(gauges, (r) => r.optIn !== 'system')).toBe(180)
    expect(ROWS.filter((r) => r.optIn === 'system').map((r) => r.field)).toEqual([
      'total_system_memory',
    ])
    expect(INFO_FIELDS.get('total_system_memory')).toMatchObject({
      name: 'total_system_memory_bytes',
      type: 'gauge',
      section: 'memory',
      optIn: 'system',
    })
  })

  it('puts the Tile38 and module rows behind their opt-ins, and only them', () => {
    for (const row of ROWS) {
      const expected =
        row.section === 'tile38' || row.section === 'modules'
          ? row.section
          : row.field === 'total_system_memory'
            ? 'system'
            : undefined
      expect(row.optIn, row.field).toBe(expected)
    }
  })

  it('scales only latest_fork_usec', () => {
    expect(ROWS.filter((r) => r.scale !== undefined).map((r) => r.field)).toEqual([
      'latest_fork_usec',
    ])
  })

  it('writes every row help as one sentence without its source, which the load appends', () => {
    for (const [section, rows] of Object.entries(INFO_MAP)) {
      for (const [field, [, , help]] of Object.entries(rows)) {
        expect(help, field).toMatch(/^[A-Z].*[^.]\.$/)
        expect(help, field).not.toContain('\n')
        expect(help, field).not.toContain(`(${SECTION_SOURCES[section as Section]} ${field})`)
      }
    }
  })

  it('leaves the name empty only where it is the field, never writing the field again', () => {
    for (const rows of Object.values(INFO_MAP)) {
      for (const [field, [, name]] of Object.entries(rows)) expect(name, field).not.toBe(field)
    }
  })
})

describe('INFO_FIELDS', () => {
  it('gives every row a valid name, no labels and a help naming its source and field', () => {
    for (const row of ROWS) {
      expect(row.name, row.field).toMatch(NAME_RE)
      expect(row.labels).toEqual([])
      expect(row.optional).toEqual([])
      expect(row.source).toBe(`${SECTION_SOURCES[row.section]} ${row.field}`)
      expect(row.help.endsWith(` (${row.source}).`), row.field).toBe(true)
      expect(row.help, row.field).not.toBe(`${row.name} metric`)
      expect(Object.isFrozen(row)).toBe(true)
    }
    expect(new Set(ROWS.map((r) => r.name)).size).toBe(ROWS.length)
  })

  it('gives every row the same properties in the same order (one object shape)', () => {
    const shapes = new Set(ROWS.map((r) => Object.keys(r).join(',')))
    expect([...shapes]).toEqual(['name,type,labels,optional,help,source,field,section,scale,optIn'])
  })

  it.each<[field: string, name: string, type: 'gauge' | 'counter', help: string]>([
    [
      'uptime_in_seconds',
      'uptime_in_seconds',
      'gauge',
      'Seconds since the Redis server started (INFO uptime_in_seconds).',
    ],
    [
      'used_memory',
      'memory_used_bytes',
      'gauge',
      'Total bytes allocated by Redis using its allocator (INFO used_memory).',
    ],
    ['maxmemory', 'memory_max_bytes', 'gauge', ''],
    ['loading', 'loading_dump_file', 'gauge', ''],
    ['rdb_saves', 'rdb_saves_total', 'gauge', ''],
    ['migrate_cached_sockets', 'migrate_cached_sockets_total', 'gauge', ''],
    ['total_error_replies', 'total_error_replies', 'counter', ''],
    ['expired_time_cap_reached_count', 'expired_time_cap_reached_total', 'counter', ''],
    ['latest_fork_usec', 'latest_fork_seconds', 'gauge', ''],
    ['sync_full', 'replica_resyncs_full', 'gauge', ''],
    ['repl_backlog_size', 'replication_backlog_bytes', 'gauge', ''],
    ['active_defrag_hits', 'defrag_hits', 'gauge', ''],
    ['expired_stale_perc', 'expired_stale_percentage', 'gauge', ''],
    [
      'cluster_stats_messages_sent',
      'cluster_messages_sent_total',
      'gauge',
      'Number of messages sent over the cluster bus; a gauge despite the _total suffix (CLUSTER INFO cluster_stats_messages_sent).',
    ],
    ['maxclients', 'max_clients', 'gauge', ''],
    ['used_cpu_sys', 'cpu_sys_seconds_total', 'counter', ''],
    [
      'tile38_aof_size',
      'tile38_aof_size_bytes',
      'gauge',
      'Size of the Tile38 append-only file, in bytes (Tile38 SERVER EXT tile38_aof_size).',
    ],
  ])('maps %s to %s (%s)', (field, name, type, help) => {
    const row = INFO_FIELDS.get(field)
    expect(row?.name).toBe(name)
    expect(row?.type).toBe(type)
    if (help) expect(row?.help).toBe(help)
    if (field === 'latest_fork_usec') expect(row?.scale).toBe(1e-6)
    else expect(row?.scale).toBeUndefined()
  })
})
