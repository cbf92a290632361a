import { ConfigError } from '../errors'
import { quoted } from '../settings/kinds'
import type { Settings } from '../settings/read'
import type { KeySpec } from './key-spec'
import { parseKeySpecs } from './key-spec'

/** A Lua script of REDIS_EXPORTER_SCRIPT: its `filename` label and its text. */
export interface ScriptSource {
  readonly filename: string
  readonly text: string
}

/** What the key, stream, key-group and script checks do; empty lists turn each off. */
export interface KeyChecks {
  readonly checkKeys: readonly KeySpec[]
  readonly checkSingleKeys: readonly KeySpec[]
  readonly checkStreams: readonly KeySpec[]
  readonly checkSingleStreams: readonly KeySpec[]
  readonly countKeys: readonly KeySpec[]
  readonly batchSize: number
  readonly keyGroups: readonly string[]
  readonly maxDistinctKeyGroups: number
  readonly excludeConsumers: boolean
  readonly disableValues: boolean
  readonly skipOnMaster: boolean
  readonly scripts: readonly ScriptSource[]
  readonly scriptReadOnly: boolean
  /** Most commands per scrape (REDIS_EXPORTER_KEY_CHECK_BUDGET). */
  readonly budgetCommands: number
  /** Most milliseconds per scrape (REDIS_EXPORTER_KEY_CHECK_BUDGET_TIME). */
  readonly budgetMs: number
  /** REDIS_EXPORTER_IS_CLUSTER: keys go to the master owning their slot; SCANs walk every master. */
  readonly cluster?: boolean
}

/** The five key settings `/scrape` may override, by their query parameter. */
export const KEY_OVERRIDES = {
  'check-keys': ['checkKeys', 'REDIS_EXPORTER_CHECK_KEYS'],
  'check-single-keys': ['checkSingleKeys', 'REDIS_EXPORTER_CHECK_SINGLE_KEYS'],
  'check-streams': ['checkStreams', 'REDIS_EXPORTER_CHECK_STREAMS'],
  'check-single-streams': ['checkSingleStreams', 'REDIS_EXPORTER_CHECK_SINGLE_STREAMS'],
  'count-keys': ['countKeys', 'REDIS_EXPORTER_COUNT_KEYS'],
} as const

/** Most Lua patterns of REDIS_EXPORTER_CHECK_KEY_GROUPS, and the longest one. */
export const MAX_KEY_GROUP_PATTERNS = 100
const MAX_PATTERN_LENGTH = 256

/** Whether any check is configured (else the key phase is skipped entirely). */
export function hasKeyChecks(k: KeyChecks): boolean {
  return (
    k.checkKeys.length +
      k.checkSingleKeys.length +
      k.checkStreams.length +
      k.checkSingleStreams.length +
      k.countKeys.length +
      k.keyGroups.length +
      k.scripts.length >
    0
  )
}

/** The key checks from the settings; `scripts` are the REDIS_EXPORTER_SCRIPT files as read. */
export function readKeyChecks(s: Settings, scripts: readonly ScriptSource[]): KeyChecks {
  const specs = (name: (typeof KEY_OVERRIDES)[keyof typeof KEY_OVERRIDES][1]) =>
    parseKeySpecs(name, (s.list(name) ?? []).join(','))
  return {
    checkKeys: specs('REDIS_EXPORTER_CHECK_KEYS'),
    checkSingleKeys: specs('REDIS_EXPORTER_CHECK_SINGLE_KEYS'),
    checkStreams: specs('REDIS_EXPORTER_CHECK_STREAMS'),
    checkSingleStreams: specs('REDIS_EXPORTER_CHECK_SINGLE_STREAMS'),
    countKeys: specs('REDIS_EXPORTER_COUNT_KEYS'),
    batchSize: s.int('REDIS_EXPORTER_CHECK_KEYS_BATCH_SIZE'),
    keyGroups: checkLuaPatterns(s.list('REDIS_EXPORTER_CHECK_KEY_GROUPS') ?? []),
    maxDistinctKeyGroups: s.int('REDIS_EXPORTER_MAX_DISTINCT_KEY_GROUPS'),
    excludeConsumers: s.bool('REDIS_EXPORTER_STREAMS_EXCLUDE_CONSUMER_METRICS'),
    disableValues: s.bool('REDIS_EXPORTER_DISABLE_EXPORTING_KEY_VALUES'),
    skipOnMaster: s.bool('REDIS_EXPORTER_SKIP_CHECKKEYS_FOR_ROLE_MASTER'),
    scripts: [...scripts, ...scriptTexts(s.text('REDIS_EXPORTER_SCRIPT_TEXT') ?? '')],
    scriptReadOnly: s.bool('REDIS_EXPORTER_LUA_SCRIPT_READ_ONLY'),
    budgetCommands: s.int('REDIS_EXPORTER_KEY_CHECK_BUDGET'),
    budgetMs: Math.round(s.duration('REDIS_EXPORTER_KEY_CHECK_BUDGET_TIME') * 1000),
    ...(s.bool('REDIS_EXPORTER_IS_CLUSTER') ? { cluster: true } : {}),
  }
}

/**
 * Lua patterns as string.match takes them, checked here so a typo is a startup error rather than
 * a script error on every scrape: balanced captures and sets, no dangling `%`.
 */
export function checkLuaPatterns(patterns: readonly string[]): string[] {
  const name = 'REDIS_EXPORTER_CHECK_KEY_GROUPS'
  if (patterns.length > MAX_KEY_GROUP_PATTERNS) {
    throw new ConfigError(
      `${name}: ${patterns.length} patterns, more than the ${MAX_KEY_GROUP_PATTERNS} allowed`
    )
  }
  for (const p of patterns) {
    if (p.length > MAX_PATTERN_LENGTH || !balancedLuaPattern(p)) {
      throw new ConfigError(
        `${name}: ${quoted(p)}is not a Lua pattern (expected balanced ( ) and [ ], no trailing %, at most ${MAX_PATTERN_LENGTH} characters, e.g. ^(user):.*)`
      )
    }
  }
  return [...patterns]
}

function balancedLuaPattern(p: string): boolean {
  let depth = 0
  for (let i = 0; i < p.length; i++) {
    const c = p[i]
    if (c === '%') {
      if (i + 1 >= p.length) return false
      i++
    } else if (c === '[') {
      const end = setEnd(p, i)
      if (end < 0) return false
      i = end
    } else if (c === '(') depth++
    else if (c === ')' && --depth < 0) return false
  }
  return depth === 0
}

/** Index of the `]` closing the set opened at `start`, or -1. */
function setEnd(p: string, start: number): number {
  let i = start + 1
  if (p[i] === '^') i++
  if (p[i] === ']') i++
  for (; i < p.length; i++) {
    if (p[i] === '%') i++
    else if (p[i] === ']') return i
  }
  return -1
}

/** REDIS_EXPORTER_SCRIPT_TEXT: a JSON object of filename -> Lua text, or one script's text. */
export function scriptTexts(raw: string): ScriptSource[] {
  const name = 'REDIS_EXPORTER_SCRIPT_TEXT'
  const text = raw.trim()
  if (text === '') return []
  if (!text.startsWith('{')) return [{ filename: 'script', text }]
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new ConfigError(
      `${name}: not valid JSON (expected {"name.lua": "return {…}"} or Lua text)`
    )
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`${name}: expected a JSON object {"name.lua": "Lua text"}`)
  }
  const out: ScriptSource[] = []
  for (const [filename, value] of Object.entries(parsed)) {
    if (typeof value !== 'string' || value.trim() === '') {
      throw new ConfigError(`${name}: the script "${filename}" is not a non-empty string`)
    }
    out.push({ filename, text: value })
  }
  return out
}
