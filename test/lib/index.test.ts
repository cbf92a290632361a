import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as api from '../../lib/index'

const INDEX = readFileSync(new URL('../../lib/index.ts', import.meta.url), 'utf8')
const FUNCTIONS = new URL('../../functions/', import.meta.url)

/** Every name lib/index.ts exports, values and types. */
function exportedNames(source: string): string[] {
  const names: string[] = []
  for (const m of source.matchAll(/^export (?:type )?\{([^}]*)\}/gm)) {
    for (const part of m[1]!.split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .at(-1)
      if (name) names.push(name)
    }
  }
  return names
}

describe('lib/index.ts, the surface the entries use', () => {
  const names = exportedNames(INDEX)

  it('exports at most 40 names, each once', () => {
    expect(names.length).toBeGreaterThan(0)
    expect(names.length).toBeLessThanOrEqual(40)
    expect(new Set(names).size).toBe(names.length)
  })

  it('gives a defined value for every runtime export', () => {
    const values = Object.keys(api).sort()
    expect(values.length).toBeGreaterThan(10)
    for (const name of values) expect(api[name as keyof typeof api], name).toBeDefined()
    // Every runtime export is among the names counted above.
    for (const name of values) expect(names).toContain(name)
  })

  it('wires the core: a config and an app that answers /health', async () => {
    const config = api.parseConfig({ REDIS_ADDR: '' })
    const app = api.createApp({
      config,
      getTransport: () => {
        throw new Error('no Redis is needed for /health')
      },
    })
    const res = await app.request('/health')
    expect(await res.text()).toBe('ok')
  })

  it('is the only way functions/ reaches lib/', () => {
    const deep: string[] = []
    for (const file of readdirSync(FUNCTIONS).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(new URL(file, FUNCTIONS), 'utf8')
      for (const m of text.matchAll(/from '(\.\.\/lib\/[^']+)'/g))
        if (m[1] !== '../lib/index') deep.push(`${file}: ${m[1]}`)
    }
    expect(deep).toEqual([])
  })
})
