import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../../lib/errors'
import { MAX_KEY_SPECS, isGlob, parseKeySpecs } from '../../../lib/keys/key-spec'

const NAME = 'REDIS_EXPORTER_CHECK_KEYS'

describe('parseKeySpecs', () => {
  it.each([
    ['a bare key: db0', 'queue', [{ db: 0, key: 'queue' }]],
    ['dbN=', 'db3=queue', [{ db: 3, key: 'queue' }]],
    ['N= without db', '11=queue', [{ db: 11, key: 'queue' }]],
    [
      'several, blanks and empties dropped',
      ' a , db1=b ,,',
      [
        { db: 0, key: 'a' },
        { db: 1, key: 'b' },
      ],
    ],
    ['%2C is a comma', 'db0=a%2Cb', [{ db: 0, key: 'a,b' }]],
    [
      '+ is a space, %2B a plus',
      'a+b,c%2Bd',
      [
        { db: 0, key: 'a b' },
        { db: 0, key: 'c+d' },
      ],
    ],
    ['UTF-8 escapes', 'cl%C3%A9', [{ db: 0, key: 'clé' }]],
    ['duplicates once', 'a,db0=a', [{ db: 0, key: 'a' }]],
    ['globs kept as written', 'db2=bull:*:wait', [{ db: 2, key: 'bull:*:wait' }]],
    ['nothing', '', []],
  ])('%s', (_what, raw, specs) => {
    expect(parseKeySpecs(NAME, raw)).toEqual(specs)
  })

  it.each([
    ['two =', 'db0=a=b', /REDIS_EXPORTER_CHECK_KEYS: "db0=a=b" has more than one =/],
    ['a negative db', 'db-1=a', /has a bad database \(expected dbN=key/],
    ['a db that is no number', 'dbx=a', /has a bad database/],
    ['a huge db', 'db99999999=a', /has a bad database/],
    ['a bad escape', 'a%zz', /has a bad %-escape \(expected %XX/],
    ['an empty key', 'db1=', /has an empty or over-long key/],
    ['an over-long key', 'k'.repeat(2000), /has an empty or over-long key/],
  ])('refuses %s, naming the setting', (_what, raw, message) => {
    expect(() => parseKeySpecs(NAME, raw)).toThrow(ConfigError)
    expect(() => parseKeySpecs(NAME, raw)).toThrow(message)
  })

  it('refuses more items than the bound', () => {
    const raw = Array.from({ length: MAX_KEY_SPECS + 1 }, (_, i) => `k${i}`).join(',')
    expect(() => parseKeySpecs(NAME, raw)).toThrow(
      `${NAME}: ${MAX_KEY_SPECS + 1} items, more than the ${MAX_KEY_SPECS} allowed`
    )
  })
})

describe('isGlob', () => {
  it.each([
    ['user:*', true],
    ['user:?', true],
    ['user:[ab]', true],
    ['user:^', true],
    ['user:1', false],
    ['queue.emails', false],
  ])('%s -> %s', (key, glob) => {
    expect(isGlob(key)).toBe(glob)
  })
})
