import type { CloudWatchOptions } from '../../../lib/push/push-config'
import type { TargetResult } from '../../../lib/push/types'
import type { MetricFamily, MetricType } from '../../../lib/types'

export const CW: CloudWatchOptions = {
  namespace: 'RedisExporter',
  dimensions: {},
  include: [],
  exclude: [],
  storageResolution: 60,
  metricPrefix: 'redis_',
}

export function family(
  name: string,
  type: MetricType,
  ...samples: (number | [Record<string, string>, number])[]
): MetricFamily {
  return {
    name,
    help: `${name} help`,
    type,
    samples: samples.map((s) =>
      typeof s === 'number' ? { labels: {}, value: s } : { labels: s[0], value: s[1] }
    ),
  }
}

/** A small but realistic set: gauges, counters, labelled families, a summary and an _info. */
export function families(over: Partial<Record<string, number>> = {}): MetricFamily[] {
  const v = (name: string, fallback: number): number => over[name] ?? fallback
  return [
    family('redis_up', 'gauge', v('up', 1)),
    family('redis_memory_used_bytes', 'gauge', v('memory', 1_048_576)),
    family('redis_memory_max_bytes', 'gauge', 0),
    family('redis_mem_fragmentation_ratio', 'gauge', v('frag', 1.5)),
    family('redis_connected_clients', 'gauge', 3),
    family('redis_commands_processed_total', 'counter', v('commands', 1000)),
    family('redis_keyspace_hits_total', 'counter', v('hits', 100)),
    family('redis_net_input_bytes_total', 'counter', v('netin', 5000)),
    family('redis_db_keys', 'gauge', [{ db: 'db0' }, 10], [{ db: 'db1' }, 5]),
    family(
      'redis_connected_slave_lag_seconds',
      'gauge',
      [{ slave_ip: '10.0.0.1' }, 1],
      [{ slave_ip: '10.0.0.2' }, 4]
    ),
    family(
      'redis_commands_total',
      'counter',
      [{ cmd: 'get' }, v('gets', 70)],
      [{ cmd: 'set' }, 30]
    ),
    family('redis_exporter_scrape_duration_seconds', 'summary', 0.5),
    family('redis_instance_info', 'gauge', [{ role: 'master' }, 1]),
    family('redis_uptime_in_seconds', 'gauge', 3600),
  ]
}

export function result(over: Partial<TargetResult> = {}): TargetResult {
  return {
    id: 'cache:6379',
    dimensions: {},
    up: true,
    error: '',
    role: 'master',
    families: families(),
    durationSeconds: 0.01,
    timestampMs: 1_795_320_000_000,
    collectedAtMs: 1_795_320_000_000,
    runId: 'run-1',
    ...over,
  }
}
