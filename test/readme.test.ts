import { existsSync, readFileSync } from 'node:fs'
import { format, resolveConfig } from 'prettier'
import { describe, expect, it } from 'vitest'
import { catalogFamilies } from '../lib/metrics/catalog-labelled'
import {
  END_MARKER,
  README_URL,
  START_MARKER,
  readmeSection,
  renderMetricTable,
  replaceSection,
} from '../scripts/readme-metrics'

const FIX = 'run `npm run readme:metrics -- --write`'

describe('README.md metric list', () => {
  it('matches the catalog exactly between the metrics markers', () => {
    expect(
      existsSync(README_URL),
      `README.md is missing; create it with the markers, then ${FIX}`
    ).toBe(true)
    const section = readmeSection(readFileSync(README_URL, 'utf8'))
    expect(
      section,
      `README.md lacks ${START_MARKER} / ${END_MARKER}; add them, then ${FIX}`
    ).toBeTypeOf('string')
    expect(section, `README.md's metric list is out of date: ${FIX}`).toBe(renderMetricTable())
  })
})

describe('renderMetricTable', () => {
  const table = renderMetricTable()
  const rows = table.split('\n').filter((l) => l.startsWith('| `'))

  it('has a header and one row per catalog family, in catalog order', () => {
    const [header = '', delimiter = ''] = table.split('\n')
    expect(header.split('|').map((c) => c.trim())).toEqual([
      '',
      'metric',
      'type',
      'labels',
      'help',
      '',
    ])
    expect(delimiter).toMatch(/^\| -{3,} \| -{3,} \| -{3,} \| -{3,} \|$/)
    const families = catalogFamilies()
    expect(rows).toHaveLength(families.length)
    expect(rows.map((r) => /^\| `([^`]+)`/.exec(r)?.[1])).toEqual(
      families.map((f) => `redis_${f.name}`)
    )
  })

  const cellsOf = (name: string) =>
    rows
      .find((r) => r.startsWith(`| \`${name}\` `))
      ?.split(' | ')
      .map((c) => c.replace(/^\|/, '').replace(/\|$/, '').trim())

  it.each([
    ['redis_up', 'gauge', ''],
    ['redis_db_keys', 'gauge', '`db`'],
    ['redis_config_client_output_buffer_limit_bytes', 'gauge', '`class`, `limit`'],
    ['redis_latency_percentiles_usec', 'summary', '`cmd`'],
    ['redis_commands_latencies_usec', 'histogram', '`cmd`'],
    ['redis_memory_used_bytes', 'gauge', ''],
    ['redis_commands_processed_total', 'counter', ''],
  ])('writes the %s row as type %s with labels %j', (name, type, labels) => {
    const help = catalogFamilies().find((f) => `redis_${f.name}` === name)?.help
    expect(cellsOf(name)).toEqual([`\`${name}\``, type, labels, help])
  })

  it('pads every line to the same width', () => {
    const widths = new Set(
      table
        .trimEnd()
        .split('\n')
        .map((l) => [...l].length)
    )
    expect(widths.size).toBe(1)
  })

  it('is left unchanged by Prettier once written into a README', async () => {
    const readme = replaceSection(`# Metrics\n\n${START_MARKER}\n${END_MARKER}\n`, table) ?? ''
    const options = await resolveConfig(README_URL)
    expect(await format(readme, { ...options, parser: 'markdown' })).toBe(readme)
  })

  it('keeps every row to exactly four cells', () => {
    for (const row of rows) {
      const cells = row.replace(/\\\|/g, '').split('|').length - 2
      expect(cells, row).toBe(4)
    }
  })
})

describe('replaceSection', () => {
  it.each<[string, string]>([
    ['no markers', '# Title\n'],
    ['only the start marker', `# Title\n${START_MARKER}\nold\n`],
    ['the end marker before the start marker', `${END_MARKER}\n${START_MARKER}\n`],
  ])('returns undefined for a README with %s', (_what, readme) => {
    expect(replaceSection(readme, 'x\n')).toBeUndefined()
    expect(readmeSection(readme)).toBeUndefined()
  })

  it('replaces only the text between the markers, which then reads back unchanged', () => {
    const readme = `# Title\n\n${START_MARKER}\nold table\n${END_MARKER}\n\nMore text.\n`
    const updated = replaceSection(readme, renderMetricTable())
    expect(updated?.startsWith(`# Title\n\n${START_MARKER}\n\n| metric `)).toBe(true)
    expect(updated?.endsWith(`|\n\n${END_MARKER}\n\nMore text.\n`)).toBe(true)
    expect(updated).not.toContain('old table')
    expect(readmeSection(updated ?? '')).toBe(renderMetricTable())
    expect(replaceSection(updated ?? '', renderMetricTable())).toBe(updated)
  })
})
