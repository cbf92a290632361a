import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../../lib/config'
import { parseAuthConfig } from '../../../lib/http/auth-config'
import { parsePushConfig } from '../../../lib/push/push-config'
import { namesRead } from '../../helpers/reads'

const DOC = readFileSync(new URL('../../../docs/lambda.md', import.meta.url), 'utf8')
const core = parseConfig({ REDIS_ADDR: 'redis://main:6379' })
/** Every variable the push and the HTTP auth read, as the code reads them. */
const ALL: readonly string[] = [
  ...namesRead((env) => parsePushConfig(env, core)),
  ...namesRead((env) => parseAuthConfig(env, { requireCredentials: true })),
]

describe('docs/lambda.md settings table', () => {
  it('has the push and auth variables to check', () => {
    expect(ALL).toHaveLength(17)
  })

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
