import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { SettingRow } from '../lib/settings/table'
import { SETTINGS } from '../lib/settings/table'
import { SECRET_REFERENCES } from '../lib/settings/secret-refs'
import {
  SERVERLESS_URL,
  forwardedNames,
  renderServerlessYml,
  replaceBlocks,
} from '../scripts/serverless-env'

const ROWS: readonly SettingRow[] = SETTINGS

describe('serverless.yml', () => {
  it('has the environment blocks `npm run docs` generates from the settings table', async () => {
    expect(
      readFileSync(SERVERLESS_URL, 'utf8'),
      'serverless.yml is out of date: run `npm run docs`'
    ).toBe(await renderServerlessYml())
  })

  it.each(['lambda-scrape', 'lambda-push'] as const)(
    'delivers every setting of %s: forwarded, or a secret given by reference, or set by AWS',
    (runtime) => {
      const forwarded = new Set(forwardedNames(runtime))
      const byReference = new Set(
        SECRET_REFERENCES.filter((r) => r.runtimes.includes(runtime)).map((r) => r.setting)
      )
      const left = ROWS.filter(
        (r) =>
          r.runtimes.includes(runtime) &&
          !r.platform &&
          !forwarded.has(r.name) &&
          !byReference.has(r.name)
      ).map((r) => r.name)
      expect(left).toEqual([])
      for (const name of forwarded) expect(ROWS.find((r) => r.name === name)?.secret).toBeFalsy()
    }
  )

  it('forwards each variable from the deploying shell, unset meaning empty', () => {
    const text = readFileSync(SERVERLESS_URL, 'utf8')
    expect(text).toContain(
      "      REDIS_EXPORTER_SCRAPE_TIMEOUT: ${env:REDIS_EXPORTER_SCRAPE_TIMEOUT, ''}\n"
    )
    expect(text).toContain('      REDIS_EXPORTER_PUSH_SINKS: ${self:custom.pushSinks}\n')
  })

  it('replaces only what is between the markers', () => {
    const input = [
      'a: 1',
      '  # BEGIN generated: dashboard metrics',
      '  stale: 1',
      '  # END generated',
      'b: 2',
    ].join('\n')
    const out = replaceBlocks(input).split('\n')
    expect(out[0]).toBe('a: 1')
    expect(out[2]).toBe('  dashboardMetrics:')
    expect(out).not.toContain('  stale: 1')
    expect(out.slice(-2)).toEqual(['  # END generated', 'b: 2'])
  })

  it('names a marker left open', () => {
    expect(() => replaceBlocks('  # BEGIN generated: push environment\nx: 1')).toThrow(
      'serverless.yml: no "# END generated" after "# BEGIN generated: push environment"'
    )
  })
})
