import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RequestError } from '../../../lib/errors'
import { keyOverrides, withOverrides } from '../../../lib/keys/scrape-overrides'
import { keyChecks } from '../../helpers/key-context'
import { seedKeysDataset } from '../../helpers/keys-dataset'
import { parsePromText, sampleValue } from '../../helpers/prom-text'
import { realApp } from '../../helpers/real-app'
import type { RedisServer } from '../../helpers/redis-server'
import { startRedis } from '../../helpers/redis-server'

const query = (q: Record<string, string[]>) => (name: string) => q[name]

describe('keyOverrides', () => {
  it.each<[string, Record<string, string[]>, Record<string, unknown>]>([
    ['none', {}, {}],
    ['check-keys', { 'check-keys': ['db1=q:*'] }, { checkKeys: [{ db: 1, key: 'q:*' }] }],
    [
      'all five',
      {
        'check-keys': ['a*'],
        'check-single-keys': ['b'],
        'check-streams': ['c*'],
        'check-single-streams': ['d'],
        'count-keys': ['e*'],
      },
      {
        checkKeys: [{ db: 0, key: 'a*' }],
        checkSingleKeys: [{ db: 0, key: 'b' }],
        checkStreams: [{ db: 0, key: 'c*' }],
        checkSingleStreams: [{ db: 0, key: 'd' }],
        countKeys: [{ db: 0, key: 'e*' }],
      },
    ],
    ['an empty value turns a check off', { 'count-keys': [''] }, { countKeys: [] }],
  ])('%s', (_what, q, out) => {
    expect(keyOverrides(query(q))).toEqual(out)
  })

  it.each<[string, Record<string, string[]>, string]>([
    [
      'a repeated parameter',
      { 'check-keys': ['a', 'b'] },
      "'check-keys' parameter given more than once",
    ],
    ['a bad database', { 'count-keys': ['dbx=a'] }, 'count-keys: "dbx=a" has a bad database'],
    ['two =', { 'check-single-keys': ['a=b=c'] }, 'check-single-keys: "a=b=c" has more than one ='],
    ['an over-long value', { 'check-keys': ['k'.repeat(20_000)] }, "'check-keys' is longer than"],
  ])('refuses %s with a 400', (_what, q, message) => {
    expect(() => keyOverrides(query(q))).toThrow(RequestError)
    expect(() => keyOverrides(query(q))).toThrow(message)
  })

  it('replaces only the given settings', () => {
    const base = keyChecks({ REDIS_EXPORTER_COUNT_KEYS: 'x*', REDIS_EXPORTER_CHECK_KEYS: 'y' })
    expect(withOverrides(base, {})).toBe(base)
    const merged = withOverrides(base, { checkKeys: [{ db: 2, key: 'celery' }] })
    expect(merged.checkKeys).toEqual([{ db: 2, key: 'celery' }])
    expect(merged.countKeys).toEqual(base.countKeys)
  })
})

describe('/scrape with key overrides', () => {
  let server: RedisServer
  beforeAll(async () => {
    server = await startRedis()
    await seedKeysDataset(server)
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('checks the keys a request names, and answers a bad one with a one-line 400', async () => {
    const app = realApp({ REDIS_ADDR: server.url })
    try {
      const target = encodeURIComponent(server.url)
      const ok = await app.app.request(
        `/scrape?target=${target}&check-single-keys=${encodeURIComponent('db2=celery')}&count-keys=${encodeURIComponent('db0=app:*')}`
      )
      expect(ok.status).toBe(200)
      const page = parsePromText(await ok.text())
      expect(sampleValue(page, 'redis_key_size', { db: 'db2', key: 'celery' })).toBe(7)
      expect(sampleValue(page, 'redis_keys_count', { db: 'db0', key: 'app:*' })).toBe(3)
      const plain = await app.app.request(`/scrape?target=${target}`)
      expect(await plain.text()).not.toContain('redis_key_size')
      const bad = await app.app.request(`/scrape?target=${target}&check-keys=db1%3Da%3Db`)
      expect(bad.status).toBe(400)
      expect(await bad.text()).toBe(
        'error: check-keys: "db1=a=b" has more than one = (expected [dbN=]key)\n'
      )
      const metrics = parsePromText(await app.get())
      expect(sampleValue(metrics, 'redis_target_scrape_request_errors_total')).toBe(1)
    } finally {
      await app.close()
    }
  })
})
