import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../lib/errors'
import type { LogEntry, LogFormat } from '../../lib/log'
import { createLogger, formatLogLine, logTime, parseLogSettings } from '../../lib/log'
import { redactSecretSettings } from '../../lib/settings/secret-settings'

const T = new Date('2026-12-02T10:50:24.123Z')

describe('formatLogLine: the shapes of redis_exporter (logrus) lines', () => {
  // The first two are lines the Debian redis_exporter 1.45 wrote, in each format, with only the
  // message changed.
  it.each<[LogFormat, LogEntry, string]>([
    [
      'txt',
      { level: 'info', msg: 'Providing metrics at 127.0.0.1:0/metrics' },
      'time="2026-12-02T10:50:24Z" level=info msg="Providing metrics at 127.0.0.1:0/metrics"',
    ],
    [
      'json',
      { level: 'debug', msg: 'Enabling debug output' },
      '{"level":"debug","msg":"Enabling debug output","time":"2026-12-02T10:50:24Z"}',
    ],
    [
      'txt',
      {
        level: 'warn',
        msg: 'scrape failed',
        target: 'redis://h:6379',
        error: 'connect ECONNREFUSED',
      },
      'time="2026-12-02T10:50:24Z" level=warning msg="scrape failed" error="connect ECONNREFUSED" target="redis://h:6379"',
    ],
    [
      'json',
      { time: 'ignored', msg: 'm', level: 'warn', target: 'redis://h:6379', failures: 3 },
      '{"failures":3,"level":"warning","msg":"m","target":"redis://h:6379","time":"2026-12-02T10:50:24Z"}',
    ],
    [
      'txt',
      {
        level: 'error',
        msg: 'ok',
        count: 2,
        ok: true,
        none: null,
        dims: { a: 1 },
        skip: undefined,
      },
      'time="2026-12-02T10:50:24Z" level=error msg=ok count=2 dims="{\\"a\\":1}" none="<nil>" ok=true',
    ],
    ['txt', { msg: 'no level' }, 'time="2026-12-02T10:50:24Z" level=info msg="no level"'],
    ['txt', { level: 'info', msg: '' }, 'time="2026-12-02T10:50:24Z" level=info msg='],
    [
      'txt',
      { level: 'info', msg: 'a\nb "q"' },
      'time="2026-12-02T10:50:24Z" level=info msg="a\\nb \\"q\\""',
    ],
    [
      'txt',
      { level: 'info', msg: 'x', path: '/metrics', at: 'a@b^c+d-e_f.g' },
      'time="2026-12-02T10:50:24Z" level=info msg=x at=a@b^c+d-e_f.g path=/metrics',
    ],
  ])('%s %j', (format, entry, line) => {
    expect(formatLogLine(entry, format, T)).toBe(line)
  })

  it('writes RFC 3339 times to the second', () => {
    expect(logTime(T)).toBe('2026-12-02T10:50:24Z')
  })
})

describe('createLogger', () => {
  const collect = (level: 'debug' | 'info' | 'warn' | 'error', format: LogFormat = 'json') => {
    const lines: string[] = []
    const log = createLogger({ level, format, sink: (l) => lines.push(l), now: () => T })
    for (const l of ['debug', 'info', 'warn', 'warning', 'error'] as const)
      log({ level: l, msg: l })
    return lines.map((l) => (JSON.parse(l) as { msg: string }).msg)
  }

  it.each<['debug' | 'info' | 'warn' | 'error', string[]]>([
    ['debug', ['debug', 'info', 'warn', 'warning', 'error']],
    ['info', ['info', 'warn', 'warning', 'error']],
    ['warn', ['warn', 'warning', 'error']],
    ['error', ['error']],
  ])('at level %s writes %j', (level, written) => {
    expect(collect(level)).toEqual(written)
  })

  it('passes every line through the redaction before the sink', () => {
    const env = { REDIS_PASSWORD: 'S3cretPw' }
    const lines: string[] = []
    const log = createLogger({
      level: 'info',
      format: 'txt',
      sink: (l) => lines.push(l),
      redact: (l) => redactSecretSettings(l, env),
      now: () => T,
    })
    log({ level: 'error', msg: 'auth failed for S3cretPw', target: 'redis://:S3cretPw@h:1' })
    expect(lines).toHaveLength(1)
    expect(lines[0]).not.toContain('S3cretPw')
    expect(lines[0]).toContain('<redacted>')
  })
})

describe('parseLogSettings', () => {
  it.each<[Record<string, string>, { format: LogFormat; level: string }]>([
    [{}, { format: 'json', level: 'info' }],
    [{ REDIS_EXPORTER_LOG_FORMAT: 'txt' }, { format: 'txt', level: 'info' }],
    [{ REDIS_EXPORTER_LOG_FORMAT: 'JSON' }, { format: 'json', level: 'info' }],
    [{ REDIS_EXPORTER_LOG_LEVEL: 'warn' }, { format: 'json', level: 'warn' }],
    [{ REDIS_EXPORTER_LOG_LEVEL: 'WARNING' }, { format: 'json', level: 'warn' }],
    [{ REDIS_EXPORTER_LOG_LEVEL: 'ERROR' }, { format: 'json', level: 'error' }],
    [
      { REDIS_EXPORTER_LOG_LEVEL: 'error', REDIS_EXPORTER_DEBUG: 'true' },
      { format: 'json', level: 'debug' },
    ],
    [
      { REDIS_EXPORTER_LOG_LEVEL: 'error', REDIS_EXPORTER_DEBUG: 'false' },
      { format: 'json', level: 'error' },
    ],
  ])('%j gives %j', (env, settings) => {
    expect(parseLogSettings(env)).toEqual(settings)
  })

  it.each<[Record<string, string>, string]>([
    [
      { REDIS_EXPORTER_LOG_FORMAT: 'logfmt' },
      'REDIS_EXPORTER_LOG_FORMAT: "logfmt" is not a log format (expected txt, json)',
    ],
    [
      { REDIS_EXPORTER_LOG_LEVEL: 'verbose' },
      'REDIS_EXPORTER_LOG_LEVEL: "verbose" is not a log level',
    ],
    [{ REDIS_EXPORTER_DEBUG: 'yes please' }, 'REDIS_EXPORTER_DEBUG'],
  ])('%j is refused, naming the variable', (env, message) => {
    expect(() => parseLogSettings(env)).toThrow(ConfigError)
    expect(() => parseLogSettings(env)).toThrow(message)
  })
})
