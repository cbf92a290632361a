import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  catalogFamilies,
  emittableFamilies,
  isCatalogName,
} from '../../../../lib/metrics/catalog/catalog'
import { FAMILIES } from '../../../../lib/metrics/catalog/families'
import { INFO_FIELDS } from '../../../../lib/metrics/catalog/info-map'
import { prefixRuleFor } from '../../../../lib/metrics/catalog/rules'

describe('catalogFamilies', () => {
  const all = catalogFamilies()

  it('holds every INFO map row and every other family once, sorted by name', () => {
    expect(all).toHaveLength(INFO_FIELDS.size + Object.keys(FAMILIES).length)
    const names = all.map((d) => d.name)
    expect(new Set(names).size).toBe(names.length)
    expect(names).toEqual([...names].sort())
    for (const d of INFO_FIELDS.values()) expect(all).toContain(d)
    for (const d of Object.values(FAMILIES)) expect(all).toContain(d)
  })
})

describe('emittableFamilies', () => {
  it('is the whole catalog now that every opt-in has its setting (Tile38, modules included)', () => {
    const emittable = emittableFamilies()
    expect(emittable).toEqual(catalogFamilies())
    const names = emittable.map((d) => d.name)
    for (const name of [
      'total_system_memory_bytes',
      'tile38_threads_total',
      'search_used_memory_bytes',
    ])
      expect(names).toContain(name)
  })
})

describe('isCatalogName', () => {
  it.each<[string, boolean]>([
    ['memory_used_bytes', true],
    ['cluster_messages_sent_total', true],
    ['db_keys', true],
    ['tile38_aof_size_bytes', true],
    ['up', true],
    ['used_memory', false],
    ['cluster_enabled', false],
    ['redis_up', false],
    ['', false],
  ])('%s: %s', (name, expected) => {
    expect(isCatalogName(name)).toBe(expected)
  })

  it('covers catalog names that a prefix rule could also make from a server field', () => {
    // So build-info must check them (build-info.test.ts shows a server cannot claim them).
    const claimable = catalogFamilies().filter((d) => prefixRuleFor(d.name) !== undefined)
    expect(claimable.map((d) => d.name)).toEqual(
      expect.arrayContaining(['cluster_messages_sent_total', 'db_keys', 'db_avg_ttl_seconds'])
    )
  })
})

/**
 * Cross-check against real redis_exporter 1.45.0 output (Redis 7.0.15), captured in
 * test/fixtures/redis_exporter-1.45 from the shared reference.
 */
describe('redis_exporter 1.45 captures', () => {
  const CAPTURES = ['default.prom', 'extended.prom', 'config-latency-slowlog-blocked.prom']

  /** 1.45 families that are not in our catalogue with the same type, and why. */
  const EXCEPTIONS: Record<string, string> = {
    expired_time_cap_reached_total:
      'gauge in 1.45, counter in HEAD (the only type change between the two maps)',
  }

  const readTypes = (file: string): Map<string, string> => {
    const text = readFileSync(
      new URL(`../../../fixtures/redis_exporter-1.45/${file}`, import.meta.url),
      'utf8'
    )
    const types = new Map<string, string>()
    for (const match of text.matchAll(/^# TYPE redis_(\S+) (\S+)$/gm)) {
      const [, name, type] = match
      if (name !== undefined && type !== undefined) types.set(name, type)
    }
    return types
  }

  const catalogType = new Map(catalogFamilies().map((d) => [d.name, d.type]))
  const typeOf = (name: string): string | undefined =>
    catalogType.get(name) ?? prefixRuleFor(name)?.type

  it.each(CAPTURES)('every redis_* family in %s is catalogued with the same type', (file) => {
    const types = readTypes(file)
    expect(types.size).toBeGreaterThan(100)
    const mismatches: string[] = []
    for (const [name, type] of types) {
      if (name in EXCEPTIONS) continue
      const ours = typeOf(name)
      if (ours !== type) mismatches.push(`${name}: 1.45 ${type}, ours ${ours ?? 'missing'}`)
    }
    expect(mismatches).toEqual([])
  })

  it('lists only exceptions that occur in a capture and are really exceptions', () => {
    const seen = new Map<string, string>()
    for (const file of CAPTURES) for (const [name, type] of readTypes(file)) seen.set(name, type)
    for (const [name, reason] of Object.entries(EXCEPTIONS)) {
      expect(reason.trim(), name).not.toBe('')
      expect(seen.has(name), name).toBe(true)
      expect(typeOf(name), name).not.toBe(seen.get(name))
    }
    expect(seen.get('expired_time_cap_reached_total')).toBe('gauge')
    expect(typeOf('expired_time_cap_reached_total')).toBe('counter')
  })
})
