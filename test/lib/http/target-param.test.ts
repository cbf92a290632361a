import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../../lib/config'
import { RequestError } from '../../../lib/errors'
import { allowedTarget, targetParam } from '../../../lib/http/target-param'
import { parseTarget } from '../../../lib/target'

/** The parsed target's uri, or the RequestError's status and message. */
function outcome(run: () => unknown): Promise<string> {
  return Promise.resolve()
    .then(run)
    .then(
      (t) => (t === undefined ? 'none' : (t as { uri: string }).uri),
      (err: unknown) => {
        if (!(err instanceof RequestError)) throw err
        return `${err.status} ${err.message}`
      }
    )
}

describe('targetParam', () => {
  it.each<[string, string[], string]>([
    ['missing', [], 'none'],
    ['one host:port', ['cache:6380'], 'redis://cache:6380'],
    [
      'a password is dropped, the user kept',
      ['redis://bob:pw@cache:6379'],
      'redis://bob@cache:6379',
    ],
    ['repeated', ['a:1', 'b:1'], "400 'target' parameter given more than once"],
    ['empty', [''], '400 target is empty'],
    ['too long', ['a'.repeat(513)], '414 target is longer than 512 characters'],
    [
      'an unsupported scheme',
      ['http://a:1'],
      '400 unsupported scheme "http://"; use redis://, rediss://, valkey://, valkeys:// or host:port',
    ],
  ])('%s', async (_what, values, expected) => {
    expect(await outcome(() => targetParam(values))).toBe(expected)
  })
})

describe('allowedTarget', () => {
  const config = parseConfig({
    REDIS_ADDR: 'redis://main:6379',
    REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: '*.cache.internal',
  })
  const dynamic = async (t: { id: string }) => t.id === 'node.discovered:7000'

  it.each<[string, string, string]>([
    ['REDIS_ADDR itself', 'main:6379', 'redis://main:6379'],
    ['a pattern of the allowlist', 'a.cache.internal:6379', 'redis://a.cache.internal:6379'],
    ['a discovered node', 'node.discovered:7000', 'redis://node.discovered:7000'],
    [
      'anything else, naming the setting',
      'evil.example:6379',
      '403 target evil.example:6379 is not allowed; add it to REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS',
    ],
    [
      'a metadata address, even through the dynamic list',
      '169.254.169.254:80',
      '403 target 169.254.169.254:80 is not allowed; add it to REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS',
    ],
  ])('%s', async (_what, raw, expected) => {
    expect(await outcome(() => allowedTarget(parseTarget(raw), config, dynamic))).toBe(expected)
  })
})
