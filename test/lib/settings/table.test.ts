import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseLogSettings } from '../../../lib/log'
import { parseHttpsServerSettings } from '../../../lib/settings/https-server'
import { parseConfig } from '../../../lib/config'
import { parseAuthConfig } from '../../../lib/http/auth-config'
import { DISCOVER_MODES } from '../../../lib/push/expand-targets'
import { DEFAULT_CLOUDWATCH_NAMESPACE, parsePushConfig } from '../../../lib/push/push-config'
import { parsePushgatewayConfig } from '../../../lib/push/pushgateway-config'
import { parseBool, parseDuration, parseEnum, parseInteger } from '../../../lib/settings/kinds'
import { secretAware } from '../../../lib/settings/secret-refresh'
import { referencesIn } from '../../../lib/settings/secret-refs'
import type { SettingRow } from '../../../lib/settings/table'
import { RUNTIMES, SETTINGS, SETTINGS_BY_NAME, SETTING_GROUPS } from '../../../lib/settings/table'
import { parseWorkerConfig, parseWorkerPushConfig } from '../../../lib/worker-config'
import { namesRead } from '../../helpers/reads'

const ROWS: readonly SettingRow[] = SETTINGS
const SUPPORTED = ROWS.filter((r) => r.unsupported === undefined)
const KINDS = ['string', 'bool', 'duration', 'int', 'list', 'url', 'json', 'file', 'enum']
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** redis_exporter's flags and variables (test/fixtures/settings/redis_exporter-flags.txt). */
const UPSTREAM = readFileSync(
  new URL('../../fixtures/settings/redis_exporter-flags.txt', import.meta.url),
  'utf8'
)
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.startsWith('#'))
  .map((l) => l.split(' ') as [string, string])

/** Parses a row's default with its kind's parser (throws when it does not parse). */
function parseDefault(row: SettingRow): unknown {
  const raw = row.default ?? ''
  const bounds = { min: row.min ?? 0, max: row.max ?? Infinity }
  if (row.kind === 'bool') return parseBool(row.name, raw)
  if (row.kind === 'duration') return parseDuration(row.name, raw, bounds)
  if (row.kind === 'int') return parseInteger(row.name, raw, bounds)
  return parseEnum(row.name, raw, row.values ?? [])
}

describe('the settings table', () => {
  it.each(ROWS.map((r) => [r.name, r] as const))('%s is well formed', (_name, row) => {
    expect(KINDS).toContain(row.kind)
    for (const r of row.runtimes) expect(RUNTIMES).toContain(r)
    if (row.unsupported === undefined) {
      expect(row.runtimes.length).toBeGreaterThan(0)
    } else {
      expect(row.runtimes).toEqual([])
      expect(row.unsupported.trim()).not.toBe('')
      expect(row.flag, 'an unsupported row is a redis_exporter setting').toBeDefined()
    }
    if (row.kind === 'enum') expect(row.values?.length).toBeGreaterThan(1)
    if (row.values) expect(row.kind).toBe('enum')
    if (row.secret) expect(row.default).toBeUndefined()
    if (row.upstreamDefault !== undefined) {
      expect(row.flag).toBeDefined()
      expect(row.upstreamDefault).not.toBe(row.default)
    }
  })

  it.each(
    ROWS.filter((r) => ['bool', 'duration', 'int', 'enum'].includes(r.kind)).map(
      (r) => [r.name, r] as const
    )
  )('%s has a default that parses', (_name, row) => {
    expect(row.default).toBeDefined()
    expect(() => parseDefault(row)).not.toThrow()
  })

  it('has unique names across names and aliases', () => {
    const spellings = ROWS.flatMap((r) => [r.name, ...(r.aliases ?? [])])
    expect(new Set(spellings).size).toBe(spellings.length)
    expect(SETTINGS_BY_NAME.size).toBe(ROWS.length)
  })

  it('has every group titled and non-empty, and the unsupported rows last', () => {
    for (const group of SETTING_GROUPS) {
      expect(group.title.trim()).not.toBe('')
      expect(group.rows.length).toBeGreaterThan(0)
    }
    const firstUnsupported = ROWS.findIndex((r) => r.unsupported !== undefined)
    expect(ROWS.slice(firstUnsupported).every((r) => r.unsupported !== undefined)).toBe(true)
  })

  it('has the 59 upstream flags in its fixture', () => {
    expect(UPSTREAM).toHaveLength(59)
  })

  it.each(UPSTREAM.filter(([flag]) => flag !== 'version'))(
    'has a row for redis_exporter -%s (%s)',
    (flag, variable) => {
      const row = ROWS.find((r) => r.flag === flag)
      expect(row, `no row with flag ${flag}`).toBeDefined()
      expect([row?.name, ...(row?.aliases ?? [])]).toContain(variable)
      expect(row?.name, "the canonical name is redis_exporter's").toBe(variable)
    }
  )

  it('has no flag redis_exporter does not have', () => {
    const flags = new Set(UPSTREAM.map(([flag]) => flag))
    for (const row of ROWS) if (row.flag) expect(flags).toContain(row.flag)
  })

  it.each<[string, keyof SettingRow, unknown]>([
    ['REDIS_EXPORTER_CONNECTION_TIMEOUT', 'upstreamDefault', '15s'],
    ['REDIS_EXPORTER_CONNECTION_TIMEOUT', 'default', '5s'],
    [
      'REDIS_EXPORTER_INCL_METRICS_FOR_EMPTY_DATABASES',
      'aliases',
      ['REDIS_EXPORTER_INCLUDE_METRICS_FOR_EMPTY_DATABASES'],
    ],
    ['REDIS_EXPORTER_PUSH_DISCOVER_NODES', 'values', DISCOVER_MODES],
    ['REDIS_EXPORTER_CLOUDWATCH_NAMESPACE', 'default', DEFAULT_CLOUDWATCH_NAMESPACE],
    ['REDIS_EXPORTER_PUSHGATEWAY_RETRIES', 'max', 10],
    ['REDIS_PASSWORD', 'verbatim', true],
    ['AWS_SESSION_TOKEN', 'platform', true],
  ])('%s: %s is %j', (name, field, value) => {
    expect(SETTINGS_BY_NAME.get(name)?.[field]).toEqual(value)
  })
})

/** Every variable the lib/ parsers read, each run with what makes it read all of its settings. */
function namesReadByParsers(): Set<string> {
  const core = parseConfig({ REDIS_ADDR: 'redis://main:6379' })
  const worker = {
    UPSTASH_REDIS_REST_URL: 'https://eu1-x.upstash.io',
    UPSTASH_REDIS_REST_TOKEN: 't',
    REDIS_EXPORTER_PUSH_SINKS: 'putmetricdata,pushgateway',
    REDIS_EXPORTER_PUSHGATEWAY_URL: 'https://pgw.example.com',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'a',
    AWS_SECRET_ACCESS_KEY: 'b',
  }
  return new Set([
    ...namesRead((env) => parseConfig(env)),
    ...namesRead((env) => parseAuthConfig(env, { requireCredentials: true })),
    ...namesRead((env) => parsePushConfig(env, core)),
    ...namesRead((env) => parsePushgatewayConfig(env, { required: true }), worker),
    ...namesRead((env) => parseWorkerConfig(env), worker),
    ...namesRead((env) => parseWorkerPushConfig(env, core), worker),
    ...namesRead((env) => parseLogSettings(env)),
    ...namesRead((env) => parseHttpsServerSettings(env)),
    ...namesRead((env) => referencesIn(env, 'lambda-scrape')),
    ...namesRead((env) => referencesIn(env, 'lambda-push')),
    ...namesRead((env) => {
      const build = () => ({ handler: 0, close: () => Promise.resolve() })
      const resolve = () => Promise.resolve('')
      void secretAware({ env, runtime: 'lambda-scrape', resolve, build, log: () => {} })
    }),
  ])
}

function sources(dir: string): { path: string; text: string }[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ path: join(dir, f), text: readFileSync(join(ROOT, dir, f), 'utf8') }))
}

describe('the table and the code', () => {
  const read = namesReadByParsers()
  const functions = sources('functions')

  it('reads no variable outside the table', () => {
    const spellings = new Set(ROWS.flatMap((r) => [r.name, ...(r.aliases ?? [])]))
    expect([...read].filter((n) => !spellings.has(n))).toEqual([])
    for (const row of ROWS.filter((r) => r.unsupported)) expect(read).not.toContain(row.name)
  })

  it.each(SUPPORTED.map((r) => [r.name] as const))(
    '%s is read by a parser or an entry in functions/',
    (name) => {
      const inFunctions = functions.some((f) => f.text.includes(`'${name}'`))
      expect(read.has(name) || inFunctions).toBe(true)
    }
  )

  it('reads the environment by literal name only in lib/settings/read.ts', () => {
    const offenders = [...sources('lib'), ...functions]
      .filter((f) => /\benv\[['"`]|process\.env\.[A-Z]|process\.env\[['"`]/.test(f.text))
      .map((f) => f.path)
    expect(offenders).toEqual([])
  })
})
