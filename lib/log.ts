/**
 * The one logger. Every log call in lib/ takes a `log(entry)` function; the runtimes build it
 * here from REDIS_EXPORTER_LOG_FORMAT, _LOG_LEVEL and _DEBUG, with their own sink (stderr,
 * console.log). Lines have redis_exporter's (logrus's) shapes:
 *
 *   txt:  time="2026-12-02T10:50:24Z" level=warning msg="..." target=redis://h:6379
 *   json: {"level":"warning","msg":"...","target":"redis://h:6379","time":"2026-12-02T10:50:24Z"}
 *
 * Every line goes through `redact` (the secret settings' values, URL passwords) before the sink.
 */
import type { EnvRecord } from './settings/read'
import { readSettings } from './settings/read'

export type LogEntry = Readonly<Record<string, unknown>>
export type LogFn = (entry: LogEntry) => void
export type LogFormat = 'txt' | 'json'
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

const RANK: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 }

/** logrus's level names (its WarnLevel prints as `warning`). */
const SHOWN: Readonly<Record<LogLevel, string>> = {
  debug: 'debug',
  info: 'info',
  warn: 'warning',
  error: 'error',
}

export interface LogSettings {
  readonly format: LogFormat
  readonly level: LogLevel
}

/** The log settings of `env`: REDIS_EXPORTER_DEBUG wins over _LOG_LEVEL, as upstream. */
export function parseLogSettings(env: EnvRecord): LogSettings {
  const s = readSettings(env)
  const format = s.enumValue('REDIS_EXPORTER_LOG_FORMAT').toLowerCase() as LogFormat
  const named = s.enumValue('REDIS_EXPORTER_LOG_LEVEL').toLowerCase()
  const level: LogLevel = named === 'warning' ? 'warn' : (named as LogLevel)
  return { format, level: s.bool('REDIS_EXPORTER_DEBUG') ? 'debug' : level }
}

/** An entry's level; an entry without a known one is `info`. */
function levelOf(entry: LogEntry): LogLevel {
  const level = entry['level']
  if (level === 'warning') return 'warn'
  return typeof level === 'string' && level in RANK ? (level as LogLevel) : 'info'
}

/** RFC 3339 to the second, as logrus writes it. */
export function logTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** logrus's text value: bare when it is only `[A-Za-z0-9-._/@^+]`, quoted otherwise. */
function textValue(value: unknown): string {
  const text =
    typeof value === 'string'
      ? value
      : value === null || value === undefined
        ? '<nil>'
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value)
  return /^[A-Za-z0-9\-._/@^+]*$/.test(text) ? text : JSON.stringify(text)
}

/** One entry as a line (without the newline), fields after time, level and msg sorted by name. */
export function formatLogLine(entry: LogEntry, format: LogFormat, time: Date): string {
  const { level: _level, msg, time: _time, ...rest } = entry
  const fields = Object.keys(rest)
    .sort()
    .filter((k) => rest[k] !== undefined)
  const level = SHOWN[levelOf(entry)]
  if (format === 'json') {
    const all: Record<string, unknown> = { level, msg: msg ?? '', time: logTime(time) }
    for (const k of fields) all[k] = rest[k]
    const ordered = Object.fromEntries(
      Object.keys(all)
        .sort()
        .map((k) => [k, all[k]])
    )
    return JSON.stringify(ordered)
  }
  const head = [`time=${textValue(logTime(time))}`, `level=${level}`, `msg=${textValue(msg ?? '')}`]
  return [...head, ...fields.map((k) => `${k}=${textValue(rest[k])}`)].join(' ')
}

export interface LoggerOptions extends LogSettings {
  /** Where a line goes (without its newline). */
  readonly sink: (line: string) => void
  /** Applied to every line: removes secrets. */
  readonly redact?: (line: string) => string
  readonly now?: () => Date
}

/** A log function writing the entries at or above the level, formatted, redacted. */
export function createLogger(opts: LoggerOptions): LogFn {
  const min = RANK[opts.level]
  const now = opts.now ?? (() => new Date())
  const redact = opts.redact ?? ((line: string) => line)
  return (entry) => {
    if (RANK[levelOf(entry)] < min) return
    opts.sink(redact(formatLogLine(entry, opts.format, now())))
  }
}
