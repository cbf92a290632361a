import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../../../lib/errors'
import { secretsExtensionResolver } from '../../../lib/push/secrets-extension'
import type { EnvRecord } from '../../../lib/settings/read'
import { secretAware } from '../../../lib/settings/secret-refresh'
import type { SecretsExtensionServer } from '../../helpers/secrets-extension-server'
import { startSecretsExtension } from '../../helpers/secrets-extension-server'

describe('secretAware (a handler rebuilt when a referenced secret changes)', () => {
  let ext: SecretsExtensionServer
  beforeAll(async () => {
    ext = await startSecretsExtension('tok')
  })
  afterAll(() => ext.close())

  function setup(env: EnvRecord) {
    let clock = 0
    const closed: string[] = []
    const logs: Readonly<Record<string, unknown>>[] = []
    const resolve = secretsExtensionResolver({
      fetch,
      sessionToken: 'tok',
      port: ext.port,
      host: '127.0.0.1',
    })
    const aware = secretAware({
      env: { REDIS_EXPORTER_SECRETS_REFRESH_INTERVAL: '60s', ...env },
      runtime: 'lambda-scrape',
      resolve,
      now: () => clock,
      log: (e) => logs.push(e),
      build: (e) => {
        const token = e['REDIS_EXPORTER_BEARER_TOKEN'] ?? 'none'
        return { handler: token, close: async () => void closed.push(token) }
      },
    })
    return { aware, closed, logs, advance: (ms: number) => (clock += ms) }
  }

  it('reads at cold start, rereads after the interval, rebuilds only on a change', async () => {
    ext.parameters.set('/tok', 'token-1')
    const {
      aware: pending,
      closed,
      logs,
      advance,
    } = setup({ REDIS_EXPORTER_BEARER_TOKEN_SSM: '/tok' })
    const aware = await pending
    expect(await aware.current()).toBe('token-1')
    const reads = ext.requests.length
    advance(59_000)
    expect(await aware.current()).toBe('token-1')
    expect(ext.requests.length).toBe(reads) // within the interval: no read
    advance(1_000)
    expect(await aware.current()).toBe('token-1')
    expect(ext.requests.length).toBe(reads + 1) // reread, same value: same handler
    expect(aware.builds()).toBe(1)
    ext.parameters.set('/tok', 'token-2')
    advance(60_000)
    expect(await aware.current()).toBe('token-2')
    expect(aware.builds()).toBe(2)
    expect(closed).toEqual(['token-1'])
    expect(logs).toEqual([{ level: 'info', msg: 'secrets changed; configuration rebuilt' }])
  })

  it('keeps the previous handler when a refresh fails, and says which reference', async () => {
    ext.parameters.set('/gone', 'token-a')
    const { aware: pending, logs, advance } = setup({ REDIS_EXPORTER_BEARER_TOKEN_SSM: '/gone' })
    const aware = await pending
    ext.parameters.delete('/gone')
    advance(60_000)
    expect(await aware.current()).toBe('token-a')
    expect(logs).toEqual([
      {
        level: 'warn',
        msg: 'secret refresh failed; keeping the previous values',
        error:
          'REDIS_EXPORTER_BEARER_TOKEN_SSM: cannot read SSM parameter /gone: reading SSM parameter /gone failed with HTTP 400',
      },
    ])
  })

  it('fails the cold start with a ConfigError naming the reference', async () => {
    await expect(setup({ REDIS_PASSWORD_SECRET_ARN: 'nope' }).aware).rejects.toThrow(ConfigError)
    await expect(setup({ REDIS_PASSWORD_SECRET_ARN: 'nope' }).aware).rejects.toThrow(
      /^REDIS_PASSWORD_SECRET_ARN: cannot read secret nope/
    )
  })

  it('never reads anything without references', async () => {
    const before = ext.requests.length
    const { aware: pending, advance } = setup({ REDIS_EXPORTER_BEARER_TOKEN: 'plain' })
    const aware = await pending
    advance(3_600_000)
    expect(await aware.current()).toBe('plain')
    expect(ext.requests.length).toBe(before)
  })
})
