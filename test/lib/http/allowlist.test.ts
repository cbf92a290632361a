import { describe, expect, it } from 'vitest'
import { isScrapeAllowed, isTargetAllowed } from '../../../lib/http/allowlist'
import { parseScrapeTarget, parseTarget } from '../../../lib/target'

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
    // Never-reached addresses: only REDIS_ADDR itself or a host listed exactly, never a wildcard.
    ['redis://169.254.169.254:80', ['*'], false],
    ['redis://169.254.169.254:80', ['169.254.169.254:*'], true],
    ['redis://169.254.169.254:80', ['169.254.169.254'], true],
    ['redis://169.254.169.254:80', ['169.254.169.254:81'], false],
    ['redis://[::ffff:169.254.169.254]:80', ['*'], false],
    ['redis://2852039166:80', ['*'], false],
    ['redis://0xa9fea9fe:80', ['*'], false],
    ['redis://[fd00:ec2::254]:80', ['*'], false],
    ['redis://169.254.170.2:80', ['*'], false],
    ['redis://169.254.1.1:6379', ['*'], false],
    ['redis://[fe80::1]:6379', ['*'], false],
    ['redis://0.0.0.0:6379', ['*'], false],
    ['redis://[::]:6379', ['*'], false],
    ['redis://224.0.0.1:6379', ['*'], false],
    ['redis://255.255.255.255:6379', ['*'], false],
    ['redis://169.254.1.1:6379', ['*.254.1.1'], false],
    ['redis://127.0.0.1:6379', ['*'], true],
  ] as const)('%s with %j -> %s', (raw, patterns, allowed) => {
    expect(isTargetAllowed(parseTarget(raw), configured, patterns)).toBe(allowed)
  })
})

describe('isScrapeAllowed', () => {
  it('lets REDIS_ADDR itself be a never-reached address', async () => {
    const link = parseTarget('redis://169.254.10.10:6379')
    expect(await isScrapeAllowed(parseScrapeTarget('redis://169.254.10.10:6379'), link, [])).toBe(
      true
    )
    expect(await isScrapeAllowed(parseScrapeTarget('redis://169.254.10.10:6380'), link, [])).toBe(
      false
    )
  })

  it('never asks the dynamic allowlist about a never-reached address', async () => {
    const asked: string[] = []
    const dynamic = (t: { id: string }) => {
      asked.push(t.id)
      return true
    }
    const target = (raw: string) => parseScrapeTarget(raw)
    expect(
      await isScrapeAllowed(target('redis://169.254.169.254:80'), configured, [], dynamic)
    ).toBe(false)
    expect(await isScrapeAllowed(target('redis://10.0.0.1:6379'), configured, [], dynamic)).toBe(
      true
    )
    expect(asked).toEqual(['10.0.0.1:6379'])
  })
})
