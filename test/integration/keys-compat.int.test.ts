import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedKeysDataset } from '../helpers/keys-dataset'
import type { ParsedFamily } from '../helpers/prom-text'
import { labelNames, parsePromText } from '../helpers/prom-text'
import { realApp } from '../helpers/real-app'
import type { RedisExporter } from '../helpers/redis-exporter'
import { redisExporterBinary, scrapeText, startRedisExporter } from '../helpers/redis-exporter'
import type { RedisServer } from '../helpers/redis-server'
import { seedStandardDataset, startRedis } from '../helpers/redis-server'

const SCRIPT = `redis.call('SELECT', 1)
return {'db1_size', tostring(redis.call('DBSIZE')), 'answer', '42'}`

/** The same checks, as redis_exporter 1.45 flags and as our variables. */
const CHECKS = {
  'check-keys': 'db0=user:*,db0=my*,db2=celery,db0=queue:emails,db0=app:*',
  'check-single-keys': 'db0=counter,db0=pi,db0=myhll,db1=db1list,db1=db1key,db0=missing',
  'count-keys': 'db0=user:*,db2=*,db0=app:*',
  'check-streams': 'db2=ev*',
  'check-single-streams': 'db0=mystream',
  'check-key-groups': '^(user):.*,^(my)[a-z]+,^(app):(%a+)',
}

/** Families whose values move between two scrapes or differ by design: compared by labels only. */
const UNSTABLE = new Set([
  'redis_stream_group_consumer_idle_seconds',
  'redis_key_group_memory_usage_bytes',
  'redis_last_key_groups_scrape_duration_milliseconds',
])

/** Deliberate deviations from 1.45 (labels of HEAD redis_exporter). */
const LABEL_DEVIATIONS: Record<string, string> = {
  redis_script_values: 'adds filename, as redis_exporter >= 1.46 does',
}

/** 1.45 reports a missing single key as size 0; HEAD (and we) skip it (reference §6, keys_test.go). */
const MISSING = JSON.stringify([
  ['db', 'db0'],
  ['key', 'missing'],
])

const KEY_FAMILY = /^redis_(key_|keys_count|stream_|number_of_distinct_key_groups|script_)/

const available = redisExporterBinary() !== undefined

function keyFamilies(text: string): Map<string, ParsedFamily> {
  return new Map([...parsePromText(text)].filter(([name]) => KEY_FAMILY.test(name)))
}

function sampleKey(labels: Record<string, string>, drop: readonly string[] = []): string {
  const kept = Object.entries(labels).filter(([k]) => !drop.includes(k))
  return JSON.stringify(kept.sort(([a], [b]) => a.localeCompare(b)))
}

describe.skipIf(!available)('key checks: drop-in compatibility with redis_exporter 1.45', () => {
  let server: RedisServer
  let dir: string
  let theirs: Map<string, ParsedFamily>
  let mine: Map<string, ParsedFamily>
  let ourPage: string

  beforeAll(async () => {
    server = await startRedis()
    await seedStandardDataset(server)
    await seedKeysDataset(server)
    dir = mkdtempSync(join(tmpdir(), 'keys-compat-'))
    const scriptPath = join(dir, 'collect.lua')
    writeFileSync(scriptPath, SCRIPT)
    const flags = Object.entries(CHECKS).flatMap(([flag, value]) => [`-${flag}`, value])
    const reference = (await startRedisExporter({
      redisAddr: server.url,
      extraArgs: [...flags, '-script', scriptPath],
    })) as RedisExporter
    const env: Record<string, string> = { REDIS_ADDR: server.url }
    for (const [flag, value] of Object.entries(CHECKS)) {
      env[`REDIS_EXPORTER_${flag.toUpperCase().replace(/-/g, '_')}`] = value
    }
    env['REDIS_EXPORTER_SCRIPT_TEXT'] = JSON.stringify({ [scriptPath]: SCRIPT })
    const ours = realApp(env)
    try {
      await scrapeText(reference.url)
      await ours.get()
      theirs = keyFamilies(await scrapeText(reference.url))
      ourPage = await ours.get()
      mine = keyFamilies(ourPage)
    } finally {
      await ours.close()
      await reference.stop()
    }
  }, 60_000)
  afterAll(async () => {
    await server?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('emits every key, stream, key-group and script family of 1.45, with its type and labels', () => {
    expect([...theirs.keys()].sort()).toEqual(
      expect.arrayContaining([
        'redis_key_size',
        'redis_key_value',
        'redis_key_value_as_string',
        'redis_keys_count',
        'redis_stream_length',
        'redis_stream_group_consumer_messages_pending',
        'redis_key_group_count',
        'redis_number_of_distinct_key_groups',
        'redis_script_values',
      ])
    )
    const missing = [...theirs.keys()].filter((name) => !mine.has(name))
    expect(missing, 'families 1.45 emits that we do not').toEqual([])
    for (const [name, family] of theirs) {
      expect(mine.get(name)!.type, `type of ${name}`).toBe(family.type)
      if (name in LABEL_DEVIATIONS) continue
      expect(labelNames(mine.get(name)!), `labels of ${name}`).toEqual(labelNames(family))
    }
  })

  it('gives the same samples with equal values (idle times and memory aside)', () => {
    for (const [name, all] of theirs) {
      const family = { ...all, samples: all.samples.filter((s) => sampleKey(s.labels) !== MISSING) }
      const drop = name === 'redis_script_values' ? ['filename'] : []
      const ours = new Map(mine.get(name)!.samples.map((s) => [sampleKey(s.labels, drop), s.value]))
      expect([...ours.keys()].sort(), `series of ${name}`).toEqual(
        family.samples.map((s) => sampleKey(s.labels)).sort()
      )
      if (UNSTABLE.has(name)) continue
      for (const s of family.samples) {
        expect(ours.get(sampleKey(s.labels)), `${name}${sampleKey(s.labels)}`).toBe(s.value)
      }
    }
  })

  it('adds the newer families as the reference describes them', () => {
    const value = (name: string, labels: Record<string, string>) =>
      mine.get(name)?.samples.find((s) => sampleKey(s.labels) === sampleKey(labels))?.value
    const stream = { db: 'db2', stream: 'events' }
    expect(value('redis_stream_first_entry_id', stream)).toBe(1700000000001)
    expect(value('redis_stream_last_entry_id', stream)).toBe(1700000000004)
    expect(value('redis_stream_entries_added_total', stream)).toBe(4)
    expect(mine.get('redis_stream_entries_added_total')?.type).toBe('counter')
    expect(value('redis_stream_group_lag', { ...stream, group: 'g1' })).toBe(1)
    expect(value('redis_stream_group_entries_read', { ...stream, group: 'g2' })).toBe(1)
    expect(value('redis_key_memory_usage_bytes', { db: 'db2', key: 'celery' })).toBeGreaterThan(0)
    const results = mine.get('redis_script_result')?.samples ?? []
    expect(results.map((s) => s.value)).toEqual([1])
    expect(ourPage).toMatch(/^redis_up 1$/m)
  })
})
