import { describe, expect, it } from 'vitest'
import {
  ConfigError,
  RequestError,
  TimeoutError,
  TransportError,
  quoted,
  redact,
} from '../../lib/errors'

describe('redact', () => {
  it.each<[string, string, (string | undefined)[], string]>([
    ['a URL password', 'redis://user:hunter2@h:6379', [], 'redis://user:<redacted>@h:6379'],
    ['a password without a user', 'redis://:hunter2@h:6379', [], 'redis://:<redacted>@h:6379'],
    [
      'a lone userinfo (redis_exporter reads it as a password)',
      'redis://hunter2@h:1',
      [],
      'redis://<redacted>@h:1',
    ],
    [
      'every URL of a text',
      'a rediss://u:p1@x b valkey://:p2@y',
      [],
      'a rediss://u:<redacted>@x b valkey://:<redacted>@y',
    ],
    [
      'a literal secret, everywhere',
      'pw hunter2 and hunter2',
      ['hunter2'],
      'pw <redacted> and <redacted>',
    ],
    ['nothing for empty or missing secrets', 'plain text', ['', undefined], 'plain text'],
    ['nothing without credentials', 'redis://h:6379 and @handle', [], 'redis://h:6379 and @handle'],
  ])('removes %s', (_what, text, secrets, expected) => {
    expect(redact(text, secrets)).toBe(expected)
  })
})

describe('quoted', () => {
  it('redacts before it cuts, so a cut never leaves a password behind', () => {
    const value = `redis://user:${'p'.repeat(100)}@host:6379`
    const shown = quoted(value, 30)
    expect(shown).not.toContain('ppp')
    expect(shown.length).toBeLessThanOrEqual(40)
    expect(quoted('short')).toContain('short')
  })
})

describe('the error classes', () => {
  it.each<[string, Error, string]>([
    ['ConfigError', new ConfigError('X: bad'), 'ConfigError'],
    ['TransportError', new TransportError('refused'), 'TransportError'],
    ['TimeoutError', new TimeoutError('late'), 'TimeoutError'],
    ['RequestError', new RequestError('bad target'), 'RequestError'],
  ])('%s is an Error with its own name', (_what, error, name) => {
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe(name)
  })

  it('ConfigError never carries a URL password', () => {
    expect(new ConfigError('REDIS_ADDR: redis://u:hunter2@h:1 is bad').message).toBe(
      'REDIS_ADDR: redis://u:<redacted>@h:1 is bad'
    )
  })

  it('RequestError carries its HTTP status, 400 by default', () => {
    expect(new RequestError('x').status).toBe(400)
    expect(new RequestError('x', 414).status).toBe(414)
  })
})
