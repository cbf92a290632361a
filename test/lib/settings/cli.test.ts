import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { CommandLine } from '../../../lib/settings/cli'
import { FLAGS, flagHint, goBool, parseCommandLine, usage } from '../../../lib/settings/cli'
import { SETTING_DOCS } from '../../../lib/settings/docs'
import { readSettings } from '../../../lib/settings/read'
import type { SettingRow } from '../../../lib/settings/table'

/** redis_exporter's flags (HEAD), one per line: `flag ENV` (the table test's fixture). */
const UPSTREAM_FLAGS = readFileSync(
  new URL('../../fixtures/settings/redis_exporter-flags.txt', import.meta.url),
  'utf8'
)
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.startsWith('#'))
  .map((l) => l.split(' ')[0]!)

const envOf = (line: CommandLine): Record<string, string | undefined> => {
  if (line.kind !== 'run') throw new Error(`expected run, got ${JSON.stringify(line)}`)
  return { ...line.env }
}

/** A value of the row's kind that its parser accepts. */
function sample(row: SettingRow): string {
  if (row.kind === 'bool') return 'true'
  if (row.kind === 'duration') return '7s'
  if (row.kind === 'int') return String(row.min ?? 1)
  if (row.kind === 'enum') return row.values?.[1] ?? row.values?.[0] ?? ''
  if (row.kind === 'url') return 'redis://flag-host:6380'
  return `value-of-${row.flag}`
}

describe('parseCommandLine: every flag of the table', () => {
  const rows = [...FLAGS.values()]

  it('has a flag for every redis_exporter flag but -version', () => {
    expect(UPSTREAM_FLAGS.length).toBeGreaterThan(50)
    expect(UPSTREAM_FLAGS.filter((f) => f !== 'version' && !FLAGS.has(f))).toEqual([])
  })

  it.each(rows.filter((r) => r.kind !== 'bool').map((r) => [r.flag!, r] as const))(
    '-%s takes a value in all four forms',
    (flag, row) => {
      const value = sample(row)
      for (const argv of [
        [`-${flag}`, value],
        [`-${flag}=${value}`],
        [`--${flag}=${value}`],
        [`--${flag}`, value],
      ]) {
        expect(envOf(parseCommandLine(argv, {}))[row.name]).toBe(value)
      }
    }
  )

  it.each(rows.filter((r) => r.kind === 'bool').map((r) => [r.flag!, r] as const))(
    '-%s is a Go boolean flag',
    (flag, row) => {
      expect(envOf(parseCommandLine([`-${flag}`], {}))[row.name]).toBe('true')
      expect(envOf(parseCommandLine([`--${flag}`], {}))[row.name]).toBe('true')
      expect(envOf(parseCommandLine([`-${flag}=false`], {}))[row.name]).toBe('false')
      expect(envOf(parseCommandLine([`-${flag}=0`], {}))[row.name]).toBe('false')
      expect(envOf(parseCommandLine([`-${flag}=T`], {}))[row.name]).toBe('true')
    }
  )

  it('reads a supported setting given as a flag like the variable', () => {
    const env = envOf(
      parseCommandLine(
        ['-redis.addr', 'redis://h:1', '-connection-timeout=2s', '-include-system-metrics'],
        {}
      )
    )
    const s = readSettings(env)
    expect(s.text('REDIS_ADDR')).toBe('redis://h:1')
    expect(s.duration('REDIS_EXPORTER_CONNECTION_TIMEOUT')).toBe(2)
    expect(s.bool('REDIS_EXPORTER_INCL_SYSTEM_METRICS')).toBe(true)
  })
})

describe('parseCommandLine: precedence and Go semantics', () => {
  it('lets a flag win over the environment, keeping the other variables', () => {
    const env = envOf(
      parseCommandLine(['-redis.addr=redis://flag:1'], {
        REDIS_ADDR: 'redis://env:1',
        REDIS_USER: 'u',
      })
    )
    expect(env).toEqual({ REDIS_ADDR: 'redis://flag:1', REDIS_USER: 'u' })
  })

  it('drops an old spelling its flag overrides (else two spellings would disagree)', () => {
    const env = envOf(
      parseCommandLine(['-include-metrics-for-empty-databases=false'], {
        REDIS_EXPORTER_INCLUDE_METRICS_FOR_EMPTY_DATABASES: 'true',
      })
    )
    expect(env).toEqual({ REDIS_EXPORTER_INCL_METRICS_FOR_EMPTY_DATABASES: 'false' })
    expect(readSettings(env).bool('REDIS_EXPORTER_INCL_METRICS_FOR_EMPTY_DATABASES')).toBe(false)
  })

  it('takes the last of a repeated flag, and an empty value', () => {
    expect(envOf(parseCommandLine(['-namespace=a', '-namespace', 'b'], {}))).toEqual({
      REDIS_EXPORTER_NAMESPACE: 'b',
    })
    expect(envOf(parseCommandLine(['-redis.addr='], { REDIS_ADDR: 'redis://h:1' }))).toEqual({
      REDIS_ADDR: '',
    })
  })

  it('takes a value that starts with a dash as the value', () => {
    expect(envOf(parseCommandLine(['-config-command', '-'], {}))).toEqual({
      REDIS_EXPORTER_CONFIG_COMMAND: '-',
    })
  })

  it.each<[string[], string[], string | undefined]>([
    [['-debug', 'true', '-namespace=x'], ['true', '-namespace=x'], undefined],
    [['-namespace=x', '--', '-debug'], ['-debug'], 'x'],
    [['-namespace=x', 'extra'], ['extra'], 'x'],
    [['-namespace=x'], [], 'x'],
  ])('stops at the first non-flag like Go: %j leaves %j', (argv, ignored, namespace) => {
    const line = parseCommandLine(argv, {})
    expect(line.kind === 'run' && line.ignored).toEqual(ignored)
    expect(envOf(line)['REDIS_EXPORTER_NAMESPACE']).toBe(namespace)
  })

  it.each<[string[], boolean]>([
    [['-version'], true],
    [['--version'], true],
    [['-version=true'], true],
    [['-version=false'], false],
    [['-log-format=txt', '-version'], true],
    [[], false],
  ])('%j: version %s', (argv, version) => {
    const line = parseCommandLine(argv, {})
    expect(line.kind === 'run' && line.version).toBe(version)
  })

  it('applies the flags given with -version (its line is logged in their format)', () => {
    expect(envOf(parseCommandLine(['-version', '-log-format', 'txt'], {}))).toEqual({
      REDIS_EXPORTER_LOG_FORMAT: 'txt',
    })
  })

  it.each([['-h'], ['-help'], ['--help'], ['--h'], ['-redis.addr=x', '-h', '-bogus']])(
    '%s asks for the help',
    (...argv) => {
      expect(parseCommandLine(argv, {})).toEqual({ kind: 'help' })
    }
  )

  it.each<[string[], string]>([
    [['-bogus'], 'flag provided but not defined: -bogus'],
    [['--redis.address=x'], 'flag provided but not defined: -redis.address'],
    [['-redis.addr'], 'flag needs an argument: -redis.addr'],
    [['-debug=yes'], 'invalid boolean value "yes" for -debug: parse error'],
    [['-version=maybe'], 'invalid boolean value "maybe" for -version: parse error'],
    [['---debug'], 'bad flag syntax: ---debug'],
    [['-=x'], 'bad flag syntax: -=x'],
  ])('%j is an error: %s', (argv, message) => {
    expect(parseCommandLine(argv, {})).toEqual({ kind: 'error', message })
  })
})

describe('flagHint', () => {
  const line = parseCommandLine(['-connection-timeout=banana', '-redis.addr', 'x'], {})
  const flags = line.kind === 'run' ? line.flags : new Map<string, string>()

  it('maps each variable a flag set to the flag', () => {
    expect([...flags]).toEqual([
      ['REDIS_EXPORTER_CONNECTION_TIMEOUT', '-connection-timeout'],
      ['REDIS_ADDR', '-redis.addr'],
    ])
  })

  it.each<[string, string]>([
    [
      'REDIS_EXPORTER_CONNECTION_TIMEOUT: "banana" is not a duration',
      ' (given as -connection-timeout)',
    ],
    ['REDIS_ADDR: target is not a valid URL', ' (given as -redis.addr)'],
    ['REDIS_EXPORTER_NAMESPACE: "!" is not a valid metric prefix', ''],
    ['something else', ''],
  ])('%j: %j', (message, hint) => {
    expect(flagHint(message, flags)).toBe(hint)
  })
})

describe('goBool', () => {
  it.each<[string, boolean | undefined]>([
    ['1', true],
    ['t', true],
    ['TRUE', true],
    ['True', true],
    ['0', false],
    ['F', false],
    ['false', false],
    ['yes', undefined],
    ['', undefined],
    ['tRuE', undefined],
  ])('%j is %s', (text, value) => {
    expect(goBool(text)).toBe(value)
  })
})

describe('usage', () => {
  const text = usage('redis-exporter', SETTING_DOCS)

  it('lists every flag once, sorted, in Go layout, with -version and -help', () => {
    const flags = text
      .split('\n')
      .filter((l) => /^ {2}-/.test(l))
      .map((l) => l.trim().split(' ')[0]!)
    expect(flags.filter((f) => f !== '-h,')).toEqual(
      [...[...FLAGS.keys()].map((f) => `-${f}`), '-version'].sort()
    )
    expect(text.startsWith('Usage of redis-exporter:\n')).toBe(true)
    expect(text).toContain('  -h, -help\n')
  })

  it.each<[string, string]>([
    ['redis.addr', '  -redis.addr string\n    \tThe target: '],
    ['connection-timeout', '[REDIS_EXPORTER_CONNECTION_TIMEOUT] (default "5s")'],
    ['debug', '  -debug\n    \tLog at debug level'],
    ['include-go-runtime-metrics', 'not supported here: there is no Go runtime'],
  ])('-%s: %j', (_flag, fragment) => {
    expect(text).toContain(fragment)
  })

  it('shows no default for a false boolean (as Go)', () => {
    expect(text).toMatch(/\[REDIS_EXPORTER_DEBUG\]\n/)
  })
})
