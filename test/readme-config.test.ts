import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CONFIG_VARIABLES } from '../lib/config'
import { AUTH_VARIABLES } from '../lib/http/auth-config'

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

describe('README configuration table', () => {
  it.each([...CONFIG_VARIABLES, ...AUTH_VARIABLES])('documents %s', (name) => {
    expect(README).toMatch(new RegExp(`^\\|\\s*\`${name}\`\\s*\\|`, 'm'))
  })

  it('documents no variable the code does not read', () => {
    const documented = [...README.matchAll(/^\|\s*`((?:REDIS|UPSTASH)_[A-Z_]+)`\s*\|/gm)].map(
      (m) => m[1]
    )
    const known: readonly string[] = [...CONFIG_VARIABLES, ...AUTH_VARIABLES]
    expect(documented.filter((n) => !known.includes(n!))).toEqual([])
  })
})
