import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

/** The text of a `## title` section, up to the next `## `. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`)
  expect(start, `README.md has no "## ${title}" section`).toBeGreaterThanOrEqual(0)
  const end = README.indexOf('\n## ', start + 1)
  return README.slice(start, end < 0 ? undefined : end)
}

describe('README.md metrics section', () => {
  it('points to the generated docs/metrics.md instead of repeating the list', () => {
    const text = section('Metrics')
    expect(text).toContain('](docs/metrics.md)')
    expect(text).not.toMatch(/^\|/m)
    expect(README).not.toContain('metrics:start')
  })
})
