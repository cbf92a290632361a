import { describe, expect, it } from 'vitest'
import { isTargetAllowed } from '../../../lib/http/allowlist'
import { parseTarget } from '../../../lib/target'

const configured = parseTarget('redis://main.internal:6379')

describe('isTargetAllowed', () => {
  it.each([
    ['redis://main.internal:6379', [], true],
    ['redis://MAIN.internal:6379', [], true],
    ['redis://main.internal:6380', [], false],
    ['redis://169.254.169.254:80', [], false],
    ['redis://other:6379', ['other'], true],
    ['redis://other:6380', ['other:6379'], false],
    ['redis://other:6380', ['other:*'], true],
    ['redis://a.cache.amazonaws.com:6379', ['*.cache.amazonaws.com'], true],
    ['redis://cache.amazonaws.com:6379', ['*.cache.amazonaws.com'], false],
    ['redis://evilcache.amazonaws.com.attacker.io:6379', ['*.cache.amazonaws.com'], false],
    ['redis://[::1]:6379', ['[::1]:6379'], true],
    ['redis://anything:1', ['*'], true],
  ] as const)('%s with %j -> %s', (raw, patterns, allowed) => {
    expect(isTargetAllowed(parseTarget(raw), configured, patterns)).toBe(allowed)
  })
})
