/**
 * Warnings logged once at startup. They name variables, never a value: an unknown
 * REDIS_EXPORTER_* variable (with the closest known name), a known one that means nothing on
 * this runtime, a redis_exporter setting this exporter does not support, an old spelling, and
 * what the parsed configuration itself deserves a warning for (skip-verify, unused certificates).
 */
import type { Target } from '../target'
import type { EnvRecord } from './read'
import type { Runtime, SettingRow } from './table'
import { SETTINGS } from './table'
import type { TlsSettings } from './tls'

const PREFIX = 'REDIS_EXPORTER_'

const WHERE: Readonly<Record<Runtime, string>> = {
  node: 'the Node server',
  'lambda-scrape': 'the Lambda scrape function',
  'lambda-push': 'the Lambda push function',
  worker: 'Workers',
}

const ROWS: readonly SettingRow[] = SETTINGS

/** Every spelling (name and alias) to its row. */
const SPELLINGS: ReadonlyMap<string, SettingRow> = new Map(
  ROWS.flatMap((row): [string, SettingRow][] =>
    [row.name, ...(row.aliases ?? [])].map((name) => [name, row])
  )
)

/** Warnings about the variables set in `env` (blank ones count as unset), sorted by name. */
export function settingWarnings(env: EnvRecord, runtime: Runtime): string[] {
  const out: string[] = []
  for (const name of Object.keys(env).sort()) {
    if ((env[name] ?? '').trim() === '') continue
    const row = SPELLINGS.get(name)
    if (!row) {
      if (name.startsWith(PREFIX)) out.push(unknownWarning(name))
    } else if (row.unsupported !== undefined) {
      out.push(
        `${name} is redis_exporter's setting for -${row.flag}; not supported by this exporter: ${row.unsupported}; ignored`
      )
    } else {
      if (name !== row.name) out.push(`${name} is an old spelling; use ${row.name}`)
      if (!row.platform && !row.runtimes.includes(runtime))
        out.push(inapplicable(name, row, runtime))
    }
  }
  return out
}

function inapplicable(name: string, row: SettingRow, runtime: Runtime): string {
  const why =
    row.elsewhere ??
    (row.kind === 'file'
      ? `files are read only by ${WHERE.node}`
      : `it is used only by ${row.runtimes.map((r) => WHERE[r]).join(', ')}`)
  return `${name} means nothing on ${WHERE[runtime]} (${why}); ignored`
}

function unknownWarning(name: string): string {
  const closest = closestName(name)
  const hint = closest ? ` (did you mean ${closest}?)` : ''
  return `${name} is not a setting of this exporter; ignored${hint}`
}

/** The known REDIS_EXPORTER_* spelling nearest to `name`, when it is near enough to be a typo. */
export function closestName(name: string): string | undefined {
  const tail = name.slice(PREFIX.length)
  let best: { name: string; distance: number } | undefined
  for (const known of SPELLINGS.keys()) {
    if (!known.startsWith(PREFIX)) continue
    const distance = editDistance(tail, known.slice(PREFIX.length))
    if (!best || distance < best.distance) best = { name: known, distance }
  }
  const near = best && best.distance <= Math.max(2, Math.floor(tail.length / 4))
  return near ? best?.name : undefined
}

/** Levenshtein distance (insert, delete, replace one character). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      const replace = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      row.push(Math.min(replace, (prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1))
    }
    prev = row
  }
  return prev[b.length] ?? 0
}

/** What configWarnings needs of the parsed configuration. */
export interface WarnedConfig {
  readonly target?: Pick<Target, 'tls' | 'uri'>
  readonly tls: TlsSettings
}

/** Warnings about the parsed configuration (never containing a secret). */
export function configWarnings(config: WarnedConfig): string[] {
  const out: string[] = []
  if (config.tls.skipVerify) {
    out.push(
      'REDIS_EXPORTER_SKIP_TLS_VERIFICATION is on: TLS server certificates are not verified, so a man in the middle can read the Redis password'
    )
  }
  if (config.target && !config.target.tls && (config.tls.ca || config.tls.cert)) {
    out.push(
      `TLS certificates are configured but REDIS_ADDR (${config.target.uri}) is not rediss:// or valkeys://, so they are not used for it`
    )
  }
  return out
}

/** Every startup warning of a runtime: the variables first, then the parsed configuration. */
export function startupWarnings(env: EnvRecord, runtime: Runtime, config: WarnedConfig): string[] {
  return [...settingWarnings(env, runtime), ...configWarnings(config)]
}
