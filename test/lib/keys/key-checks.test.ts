import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../../lib/config'
import { ConfigError } from '../../../lib/errors'
import { checkLuaPatterns, hasKeyChecks, scriptTexts } from '../../../lib/keys/key-checks'

describe('readKeyChecks (through parseConfig)', () => {
  it('is off with nothing set, with the documented defaults', () => {
    const k = parseConfig({}).keyChecks
    expect(hasKeyChecks(k)).toBe(false)
    expect(k).toMatchObject({
      batchSize: 1000,
      maxDistinctKeyGroups: 100,
      budgetCommands: 500,
      budgetMs: 250,
      excludeConsumers: false,
      disableValues: false,
      skipOnMaster: false,
      scriptReadOnly: false,
      scripts: [],
    })
  })

  it('reads every setting', () => {
    const k = parseConfig({
      REDIS_EXPORTER_CHECK_KEYS: 'db1=bull:*:wait,celery',
      REDIS_EXPORTER_CHECK_SINGLE_KEYS: 'db2=queue',
      REDIS_EXPORTER_CHECK_STREAMS: 'ev*',
      REDIS_EXPORTER_CHECK_SINGLE_STREAMS: 'db3=events',
      REDIS_EXPORTER_COUNT_KEYS: 'user:*',
      REDIS_EXPORTER_CHECK_KEYS_BATCH_SIZE: '500',
      REDIS_EXPORTER_CHECK_KEY_GROUPS: '^(user):.*,^(%a+):',
      REDIS_EXPORTER_MAX_DISTINCT_KEY_GROUPS: '20',
      REDIS_EXPORTER_STREAMS_EXCLUDE_CONSUMER_METRICS: 'true',
      REDIS_EXPORTER_DISABLE_EXPORTING_KEY_VALUES: '1',
      REDIS_EXPORTER_SKIP_CHECKKEYS_FOR_ROLE_MASTER: 'yes',
      REDIS_EXPORTER_LUA_SCRIPT_READ_ONLY: 'true',
      REDIS_EXPORTER_KEY_CHECK_BUDGET: '50',
      REDIS_EXPORTER_KEY_CHECK_BUDGET_TIME: '2s',
      REDIS_EXPORTER_SCRIPT_TEXT: "return {'a', '1'}",
    }).keyChecks
    expect(hasKeyChecks(k)).toBe(true)
    expect(k).toEqual({
      checkKeys: [
        { db: 1, key: 'bull:*:wait' },
        { db: 0, key: 'celery' },
      ],
      checkSingleKeys: [{ db: 2, key: 'queue' }],
      checkStreams: [{ db: 0, key: 'ev*' }],
      checkSingleStreams: [{ db: 3, key: 'events' }],
      countKeys: [{ db: 0, key: 'user:*' }],
      batchSize: 500,
      keyGroups: ['^(user):.*', '^(%a+):'],
      maxDistinctKeyGroups: 20,
      excludeConsumers: true,
      disableValues: true,
      skipOnMaster: true,
      scripts: [{ filename: 'script', text: "return {'a', '1'}" }],
      scriptReadOnly: true,
      budgetCommands: 50,
      budgetMs: 2000,
    })
  })

  it.each([
    [
      { REDIS_EXPORTER_COUNT_KEYS: 'db0=a=b' },
      /^REDIS_EXPORTER_COUNT_KEYS: "db0=a=b" has more than one =/,
    ],
    [
      { REDIS_EXPORTER_CHECK_SINGLE_STREAMS: 'dbx=s' },
      /^REDIS_EXPORTER_CHECK_SINGLE_STREAMS: .*bad database/,
    ],
    [
      { REDIS_EXPORTER_CHECK_KEYS_BATCH_SIZE: '0' },
      /^REDIS_EXPORTER_CHECK_KEYS_BATCH_SIZE: "0" is not a batch size \(expected 1 to 100000\)/,
    ],
    [
      { REDIS_EXPORTER_KEY_CHECK_BUDGET: 'lots' },
      /^REDIS_EXPORTER_KEY_CHECK_BUDGET: "lots" is not a number of commands/,
    ],
    [
      { REDIS_EXPORTER_KEY_CHECK_BUDGET_TIME: '2h' },
      /^REDIS_EXPORTER_KEY_CHECK_BUDGET_TIME: 2h is out of range/,
    ],
    [
      { REDIS_EXPORTER_CHECK_KEY_GROUPS: '^(user:.*' },
      /^REDIS_EXPORTER_CHECK_KEY_GROUPS: "\^\(user:\.\*" is not a Lua pattern/,
    ],
    [
      { REDIS_EXPORTER_SCRIPT: '/etc/a.lua' },
      /^REDIS_EXPORTER_SCRIPT: this runtime cannot read files; put the scripts in REDIS_EXPORTER_SCRIPT_TEXT/,
    ],
  ])('refuses %j, naming the setting', (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError)
    expect(() => parseConfig(env)).toThrow(message)
  })

  it('takes the script files the runtime read', () => {
    const scripts = [{ filename: '/etc/a.lua', text: 'return {}' }]
    const k = parseConfig({ REDIS_EXPORTER_SCRIPT: '/etc/a.lua' }, {}, scripts).keyChecks
    expect(k.scripts).toEqual(scripts)
  })
})

describe('checkLuaPatterns', () => {
  it.each([['^(user):.*'], ['^(%a+):(%d+)$'], ['[%w_]+'], ['%(literal%)'], ['[]]'], ['[^)]+']])(
    'accepts %s',
    (p) => {
      expect(checkLuaPatterns([p])).toEqual([p])
    }
  )
  it.each([['(open'], ['close)'], ['[set'], ['trailing%'], ['x'.repeat(300)]])(
    'refuses %s',
    (p) => {
      expect(() => checkLuaPatterns([p])).toThrow(
        /REDIS_EXPORTER_CHECK_KEY_GROUPS: .*is not a Lua pattern/
      )
    }
  )
  it('refuses more than 100 patterns', () => {
    expect(() => checkLuaPatterns(Array.from({ length: 101 }, () => 'a'))).toThrow(
      'REDIS_EXPORTER_CHECK_KEY_GROUPS: 101 patterns, more than the 100 allowed'
    )
  })
})

describe('scriptTexts', () => {
  it.each([
    ['nothing', '  ', []],
    [
      'one script by value',
      "return {'k', '1'}",
      [{ filename: 'script', text: "return {'k', '1'}" }],
    ],
    [
      'a JSON object of scripts',
      '{"a.lua":"return {}","b.lua":"return {\'x\',\'2\'}"}',
      [
        { filename: 'a.lua', text: 'return {}' },
        { filename: 'b.lua', text: "return {'x','2'}" },
      ],
    ],
  ])('%s', (_what, raw, scripts) => {
    expect(scriptTexts(raw)).toEqual(scripts)
  })
  it.each([
    ['{"a.lua": ', /not valid JSON/],
    ['{"a.lua": 1}', /the script "a.lua" is not a non-empty string/],
    ['{"a.lua": " "}', /the script "a.lua" is not a non-empty string/],
  ])('refuses %s', (raw, message) => {
    expect(() => scriptTexts(raw)).toThrow(ConfigError)
    expect(() => scriptTexts(raw)).toThrow(message)
  })
})
