import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../../lib/config'
import {
  credentialResolver,
  describeCredential,
  parsePushTargets,
} from '../../../lib/push/push-targets'
import type { CredentialRef, PushTargetSpec } from '../../../lib/push/push-targets'
import { configErrorText } from '../../helpers/config-error'

const core = parseConfig({ REDIS_ADDR: '' })

describe('parsePushTargets', () => {
  it('splits on commas and whitespace and keeps the entries in order', () => {
    const specs = parsePushTargets(' a:1,\n b:2 \t c:3 ,, ', core, {})
    expect(specs.map((s) => s.id)).toEqual(['a:1', 'b:2', 'c:3'])
    expect(parsePushTargets('', core, {})).toEqual([])
  })

  it.each<[string, Partial<Record<'id' | 'uri' | 'username', string>>, Record<string, string>]>([
    ['cache:6379', { id: 'cache:6379', uri: 'redis://cache:6379' }, { env: 'prod' }],
    ['cache:6379?name=orders', { id: 'orders' }, { env: 'prod' }],
    ['cache:6379?user=exp', { uri: 'redis://exp@cache:6379', username: 'exp' }, { env: 'prod' }],
    [
      'redis://exp:@cache:6379',
      { uri: 'redis://exp@cache:6379', username: 'exp' },
      { env: 'prod' },
    ],
    ['cache:6379?dim.env=dev&dim.team=x', { id: 'cache:6379' }, { env: 'dev', team: 'x' }],
  ])('%s', (entry, target, dimensions) => {
    const [spec] = parsePushTargets(entry, core, { env: 'prod' })
    if (target.id) expect(spec?.id).toBe(target.id)
    if (target.uri) expect(spec?.target.uri).toBe(target.uri)
    if (target.username) expect(spec?.target.username).toBe(target.username)
    expect(spec?.dimensions).toEqual(dimensions)
    expect(spec?.target.password).toBeUndefined()
  })

  it.each<[string, string]>([
    ['cache:6379?bogus=1', 'entry 1 (cache:6379): unknown parameter "bogus"'],
    ['cache:6379?name=', 'entry 1 (cache:6379): name is empty'],
    ['ok:1 cache:6379?name=a%20b', 'entry 2: name must be 1 to 1024 printable characters'],
    ['cache:notaport', 'entry 1: '],
  ])('refuses %j, naming the entry', (raw, message) => {
    const text = configErrorText(() => parsePushTargets(raw, core, {}))
    expect(text).toContain(`REDIS_EXPORTER_TARGETS: ${message}`)
  })

  it('counts the global and own dimensions together against the limit of 28', () => {
    const global = Object.fromEntries(Array.from({ length: 28 }, (_, i) => [`g${i}`, 'x']))
    expect(() => parsePushTargets('cache:1', core, global)).not.toThrow()
    expect(() => parsePushTargets('cache:1?dim.extra=1', core, global)).toThrow(
      'target cache:1 has 29 dimensions'
    )
  })
})

describe('describeCredential', () => {
  it.each<[CredentialRef, string]>([
    [{ kind: 'env', name: 'PW' }, 'environment variable PW'],
    [{ kind: 'secretsmanager', id: 'arn:x' }, 'secret arn:x'],
    [{ kind: 'ssm', name: '/redis/pw' }, 'SSM parameter /redis/pw'],
  ])('%o -> %s', (ref, text) => {
    expect(describeCredential(ref)).toBe(text)
  })
})

describe('credentialResolver', () => {
  const spec = (password?: CredentialRef): PushTargetSpec => ({
    target: { id: 'c:6379', host: 'c', port: 6379, tls: false, db: 0, uri: 'redis://c:6379' },
    id: 'c',
    dimensions: {},
    ...(password ? { password } : {}),
  })
  const secrets: Record<string, string> = {
    plain: 'pw-plain',
    json: '{"username":"app","password":"pw-json"}',
    'json-no-password': '{"username":"app"}',
  }
  const resolve = credentialResolver({
    env: { CACHE_PW: 'pw-env', EMPTY: '' },
    resolveSecret: async (ref) => {
      const key = ref.kind === 'secretsmanager' ? ref.id : ref.kind === 'ssm' ? ref.name : ''
      const value = secrets[key]
      if (value === undefined) throw new Error(`no secret ${key}`)
      return value
    },
  })

  it.each([
    [undefined, undefined, undefined],
    [{ kind: 'env', name: 'CACHE_PW' }, 'pw-env', undefined],
    [{ kind: 'secretsmanager', id: 'plain' }, 'pw-plain', undefined],
    [{ kind: 'secretsmanager', id: 'json' }, 'pw-json', 'app'],
    [{ kind: 'ssm', name: 'plain' }, 'pw-plain', undefined],
  ] as const)('%o gives the password and user', async (ref, password, username) => {
    const t = await resolve(spec(ref))
    expect(t.target.password).toBe(password)
    expect(t.target.username).toBe(username)
    expect(t.id).toBe('c')
  })

  it.each([
    [{ kind: 'env', name: 'MISSING' }, 'environment variable MISSING is not set'],
    [{ kind: 'env', name: 'EMPTY' }, 'environment variable EMPTY is not set'],
    [
      { kind: 'secretsmanager', id: 'json-no-password' },
      'secret json-no-password holds no password',
    ],
    [{ kind: 'ssm', name: 'nope' }, 'no secret nope'],
  ] as const)('%o fails with a reason', async (ref, message) => {
    await expect(resolve(spec(ref))).rejects.toThrow(message)
  })

  it('gives a target without a reference back at once, and one with a reference as a promise', () => {
    const plain = spec()
    expect(resolve(plain)).toBe(plain)
    const pending = resolve(spec({ kind: 'env', name: 'CACHE_PW' }))
    expect(pending).toBeInstanceOf(Promise)
  })

  it('says so when the runtime cannot read secrets', async () => {
    const r = credentialResolver({ env: {} })
    await expect(r(spec({ kind: 'secretsmanager', id: 'x' }))).rejects.toThrow(
      'secret x cannot be read on this runtime'
    )
  })
})
