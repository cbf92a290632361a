import { readFileSync, readdirSync } from 'node:fs'
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

describe('README.md as a map', () => {
  it('is at most 220 lines', () => {
    expect(README.trimEnd().split('\n').length).toBeLessThanOrEqual(220)
  })

  it('names every folder of lib/ and functions/ in its code map, with the data flow', () => {
    const text = section('Code map')
    expect(text).toContain('entry → app → collect(plan) → transport → parse → catalog → render')
    expect(text).toContain('sinks')
    const folders = readdirSync(new URL('../lib/', import.meta.url), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => `lib/${d.name}/`)
    expect(folders.length).toBeGreaterThan(5)
    for (const folder of [...folders, 'functions/']) expect(text, folder).toContain(`\`${folder}`)
  })

  it.each([
    'docs/configuration.md',
    'docs/metrics.md',
    'docs/lambda.md',
    'docs/workers.md',
    'bench/README.md',
  ])('links %s', (path) => {
    expect(README).toContain(`](${path}`)
  })
})
