import { describe, expect, it } from 'vitest'
import type { KeyReport } from '../../../lib/keys/key-report'
import { addKeyFamilies } from '../../../lib/metrics/build-keys'
import { FamilySet } from '../../../lib/metrics/family-set'
import { renderPrometheus } from '../../../lib/render/prometheus'
import { parsePromText, sampleValue } from '../../helpers/prom-text'
import { buildFamilies } from '../../../lib/metrics/build'
import { OPTS, SELF, upSnapshot } from './build-fixtures'

const REPORT: KeyReport = {
  keys: [
    { db: 0, key: 'counter', size: 2, value: 44, memory: 56 },
    { db: 0, key: 'user:"1"\n', size: 5, valueText: 'al\\ice', memory: 64 },
    { db: 2, key: 'celery', size: 7, memory: 120 },
  ],
  counts: [{ db: 0, pattern: 'user:*', count: 1 }],
  streams: [
    {
      db: 2,
      stream: 'events',
      info: { length: 4, groups: 1, lastGeneratedId: 1700000000004, entriesAdded: 4 },
      groups: [
        {
          name: 'g1',
          consumers: 1,
          pending: 2,
          lag: 1,
          members: [{ name: 'c1', pending: 2, idleMs: 1500 }],
        },
      ],
    },
  ],
  groups: [{ db: 1, groups: [{ name: 'user', count: 3, memory: 300 }], distinct: 1 }],
  groupsDurationMs: 2.4,
  scripts: [{ filename: 'a.lua', values: [['answer', 42]], result: 1 }],
  commands: 17,
  roundTrips: 3,
  budgetExhausted: true,
  walks: [{ check: 'count_keys', db: 0, pattern: 'user:*', completed: 2, progress: 0.5 }],
  available: new Map([['check_keys', true]]),
}

function render(report: KeyReport, databases = 3): string {
  const set = new FamilySet('redis')
  addKeyFamilies(set, report, { databases })
  return renderPrometheus(set.list())
}

describe('addKeyFamilies', () => {
  it('emits every family of a report, labels escaped, idle in seconds', () => {
    const text = render(REPORT)
    for (const line of [
      'redis_key_size{db="db0",key="counter"} 2',
      'redis_key_value{db="db0",key="counter"} 44',
      'redis_key_size{db="db0",key="user:\\"1\\"\\n"} 5',
      'redis_key_value_as_string{db="db0",key="user:\\"1\\"\\n",val="al\\\\ice"} 1',
      'redis_key_memory_usage_bytes{db="db2",key="celery"} 120',
      'redis_keys_count{db="db0",key="user:*"} 1',
      'redis_stream_length{db="db2",stream="events"} 4',
      'redis_stream_last_generated_id{db="db2",stream="events"} 1700000000004',
      'redis_stream_entries_added_total{db="db2",stream="events"} 4',
      'redis_stream_group_lag{db="db2",stream="events",group="g1"} 1',
      'redis_stream_group_consumer_idle_seconds{db="db2",stream="events",group="g1",consumer="c1"} 1.5',
      'redis_key_group_count{db="db1",key_group="user"} 3',
      'redis_number_of_distinct_key_groups{db="db0"} 0',
      'redis_number_of_distinct_key_groups{db="db1"} 1',
      'redis_number_of_distinct_key_groups{db="db2"} 0',
      'redis_script_values{key="answer",filename="a.lua"} 42',
      'redis_script_result{filename="a.lua"} 1',
      'redis_exporter_key_checks_commands 17',
      'redis_exporter_key_checks_round_trips 3',
      'redis_exporter_key_checks_budget_exhausted 1',
      'redis_exporter_key_scan_progress_ratio{check="count_keys",db="db0",pattern="user:*"} 0.5',
      'redis_exporter_key_scan_walks_completed_total{check="count_keys",db="db0",pattern="user:*"} 2',
    ]) {
      expect(text.split('\n'), line).toContain(line)
    }
    expect(text).toContain('# TYPE redis_stream_entries_added_total counter')
    expect(text).not.toContain('redis_stream_first_entry_id')
  })

  it('leaves out key groups when they are off', () => {
    const { groups: _groups, ...withoutGroups } = REPORT
    expect(render(withoutGroups)).not.toMatch(/^redis_(key_group|number_of_distinct)/m)
  })
})

describe('buildFamilies with a key report', () => {
  it('sets the key-group duration and fails the scrape on a script error, keeping the families', () => {
    const snapshot = {
      ...upSnapshot({}),
      keys: {
        ...REPORT,
        scriptError: 'script a.lua: ERR boom',
        scripts: [{ filename: 'a.lua', values: [], result: 0 as const }],
      },
      addKeyFamilies,
    }
    const page = parsePromText(renderPrometheus(buildFamilies(snapshot, SELF, OPTS)))
    expect(sampleValue(page, 'redis_up')).toBe(0)
    expect(
      sampleValue(page, 'redis_exporter_last_scrape_error', { err: 'script a.lua: ERR boom' })
    ).toBe(1)
    expect(sampleValue(page, 'redis_script_result', { filename: 'a.lua' })).toBe(0)
    expect(sampleValue(page, 'redis_last_key_groups_scrape_duration_milliseconds')).toBe(2)
    expect(sampleValue(page, 'redis_key_size', { db: 'db2', key: 'celery' })).toBe(7)
  })
})
