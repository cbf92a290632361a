import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SETTING_DOCS } from '../lib/settings/docs'
import type { SettingRow } from '../lib/settings/table'
import { SETTINGS, SETTING_GROUPS } from '../lib/settings/table'
import { CONFIGURATION_URL, renderConfigurationDoc } from '../scripts/docs'

const FIX = 'run `npm run docs`'
const ROWS: readonly SettingRow[] = SETTINGS
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

/** The cells of the Markdown table row of `name` (first cell `name` in backticks). */
function cellsOf(doc: string, name: string): string[] | undefined {
  const line = doc.split('\n').find((l) => new RegExp(`^\\|\\s*\`${name}\`\\s*\\|`).test(l))
  return line
    ?.slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim())
}

describe('docs/configuration.md', () => {
  it('is what `npm run docs` generates from the settings table', async () => {
    expect(existsSync(CONFIGURATION_URL), `docs/configuration.md is missing: ${FIX}`).toBe(true)
    const current = readFileSync(CONFIGURATION_URL, 'utf8')
    expect(current, `docs/configuration.md is out of date: ${FIX}`).toBe(
      await renderConfigurationDoc()
    )
  })

  describe('its rendering', async () => {
    const doc = await renderConfigurationDoc()

    it.each(ROWS.map((r) => [r.name, r] as const))('has a row for %s', (name, row) => {
      const cells = cellsOf(doc, name)
      expect(cells, `no row for ${name}`).toBeDefined()
      expect(cells?.[1]).toBe(row.flag ? `\`-${row.flag}\`` : '–')
      const description = SETTING_DOCS[name as keyof typeof SETTING_DOCS]
      expect(cells?.join(' ')).toContain(description.slice(0, 40).replace(/\|/g, '\\|'))
    })

    it.each<[string, string[]]>([
      [
        'REDIS_EXPORTER_CONNECTION_TIMEOUT',
        [
          '`REDIS_EXPORTER_CONNECTION_TIMEOUT`',
          '`-connection-timeout`',
          '`5s` (redis_exporter: `15s`)',
          '✓',
          '✓',
          '✓',
          '✓',
          '',
        ],
      ],
      [
        'REDIS_EXPORTER_BEARER_TOKEN',
        ['`REDIS_EXPORTER_BEARER_TOKEN`', '–', '–', '✓', '✓', '', '✓', 'secret'],
      ],
      [
        'REDIS_PASSWORD_FILE',
        ['`REDIS_PASSWORD_FILE`', '`-redis.password-file`', '–', '✓', '', '', '', ''],
      ],
    ])('writes the %s row: variable, flag, default, runtimes, secret', (name, cells) => {
      expect(cellsOf(doc, name)?.slice(0, 8)).toEqual(cells)
    })

    it('names the old spelling beside the canonical one', () => {
      expect(cellsOf(doc, 'REDIS_EXPORTER_INCL_METRICS_FOR_EMPTY_DATABASES')?.at(-1)).toContain(
        '`REDIS_EXPORTER_INCLUDE_METRICS_FOR_EMPTY_DATABASES`'
      )
    })

    it('lists the unsupported redis_exporter settings in their own section, with the reason', () => {
      const section = doc.slice(doc.indexOf('## redis_exporter settings not supported'))
      const unsupported = ROWS.filter((r) => r.unsupported !== undefined)
      expect(unsupported.length).toBeGreaterThan(0)
      for (const row of unsupported) {
        expect(cellsOf(section, row.name)?.at(-1)).toBe(row.unsupported)
      }
      for (const row of ROWS.filter((r) => r.unsupported === undefined)) {
        expect(cellsOf(section, row.name)).toBeUndefined()
      }
    })

    it('has a section per group, in table order', () => {
      const titles = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1])
      expect(titles).toEqual(SETTING_GROUPS.map((g) => g.title))
    })
  })
})

describe('README.md configuration section', () => {
  it('points to docs/configuration.md instead of repeating the table', () => {
    const section = README.slice(
      README.indexOf('## Configuration'),
      README.indexOf('\n## ', README.indexOf('## Configuration') + 1)
    )
    expect(section).toContain('](docs/configuration.md)')
    expect(section).not.toMatch(/^\|/m)
  })
})
