import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { catalogFamilies } from '../lib/metrics/catalog/catalog'
import { FAMILIES } from '../lib/metrics/catalog/families'
import { INFO_FIELDS } from '../lib/metrics/catalog/info-map'
import { PREFIX_RULES } from '../lib/metrics/catalog/rules'
import { METRICS_URL, renderMetricsDoc } from '../scripts/docs'

const FIX = 'run `npm run docs`'

/** The cells of the Markdown table rows whose first cell is `first` in backticks. */
function rowsOf(doc: string, first: string): string[][] {
  return doc
    .split('\n')
    .filter((l) => l.startsWith(`| \`${first}\` `))
    .map((l) =>
      l
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim())
    )
}

describe('docs/metrics.md', () => {
  it('is what `npm run docs` generates from the catalog', async () => {
    expect(existsSync(METRICS_URL), `docs/metrics.md is missing: ${FIX}`).toBe(true)
    expect(readFileSync(METRICS_URL, 'utf8'), `docs/metrics.md is out of date: ${FIX}`).toBe(
      await renderMetricsDoc()
    )
  })

  describe('its rendering', async () => {
    const doc = await renderMetricsDoc()

    it('names every catalog family, with the default namespace', () => {
      for (const d of catalogFamilies()) {
        const mentions = doc.split(`\`redis_${d.name}\``).length - 1
        expect(mentions, d.name).toBeGreaterThanOrEqual(1)
      }
    })

    it.each<[keyof typeof FAMILIES, string[]]>([
      ['up', ['`redis_up`', 'gauge', '', 'exporter', FAMILIES.up.help]],
      [
        'commands_latencies_usec',
        [
          '`redis_commands_latencies_usec`',
          'histogram',
          '`cmd`',
          'LATENCY HISTOGRAM',
          FAMILIES.commands_latencies_usec.help,
        ],
      ],
      [
        'config_client_output_buffer_limit_bytes',
        [
          '`redis_config_client_output_buffer_limit_bytes`',
          'gauge',
          '`class`, `limit`',
          'CONFIG GET client-output-buffer-limit',
          FAMILIES.config_client_output_buffer_limit_bytes.help,
        ],
      ],
    ])('writes the %s row: metric, type, labels, source, help', (name, cells) => {
      expect(rowsOf(doc, `redis_${name}`)).toEqual([cells])
    })

    it('marks the optional labels', () => {
      const [row] = rowsOf(doc, 'redis_instance_info')
      expect(row?.[2]).toMatch(
        /`master_replid`, `valkey_version` \(optional\), `valkey_release_stage` \(optional\)$/
      )
    })

    it.each<[string, string, string]>([
      ['used_memory', '`redis_memory_used_bytes`', 'always'],
      [
        'total_system_memory',
        '`redis_total_system_memory_bytes`',
        'only with `REDIS_EXPORTER_INCL_SYSTEM_METRICS`',
      ],
      ['tile38_aof_size', '`redis_tile38_aof_size_bytes`', 'never yet'],
    ])('lists the INFO field %s with its metric and when it is exported', (field, metric, when) => {
      const [row] = rowsOf(doc, field)
      expect(row?.[1]).toBe(metric)
      expect(row?.[3]).toContain(when)
      expect(row?.[4]).toBe(INFO_FIELDS.get(field)?.help)
    })

    it('has a section per INFO map section, in map order, and the prefix rules', () => {
      const sections = [...doc.matchAll(/^### (\w+) /gm)].map((m) => m[1])
      expect(sections).toEqual([...new Set([...INFO_FIELDS.values()].map((r) => r.section))])
      for (const rule of PREFIX_RULES) expect(rowsOf(doc, `${rule.prefix}*`)).toHaveLength(1)
    })
  })
})
