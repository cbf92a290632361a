import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { AUTH_VARIABLES } from '../../../lib/http/auth-config'
import { PUSH_VARIABLES } from '../../../lib/push/push-config'

const DOC = readFileSync(new URL('../../../docs/lambda.md', import.meta.url), 'utf8')
const ALL: readonly string[] = [...PUSH_VARIABLES, ...AUTH_VARIABLES]

describe('docs/lambda.md settings table', () => {
  it.each(ALL)('documents %s', (name) => {
    expect(DOC).toMatch(new RegExp(`^\\|\\s*\`${name}\`\\s*\\|`, 'm'))
  })

  it('documents no push or auth variable the code does not read', () => {
    const section = DOC.slice(DOC.indexOf('## Settings'))
    const documented = [...section.matchAll(/^\|\s*`(REDIS_EXPORTER_[A-Z_]+)`\s*\|/gm)].map(
      (m) => m[1]!
    )
    expect(documented.filter((n) => !ALL.includes(n))).toEqual([])
  })
})
