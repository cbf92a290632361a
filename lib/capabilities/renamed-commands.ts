import { ConfigError, RequestError, redact } from '../errors'
import type { Target } from '../target'
import { parseTarget } from '../target'

/** Commands the exporter sends that a provider may rename (ElastiCache `rename-commands`). */
export const RENAMABLE_COMMANDS = ['INFO', 'CONFIG', 'LATENCY', 'SLOWLOG', 'CLUSTER', 'CLIENT']

/** Upper-case command -> the name the server knows it by, or null when it is renamed away. */
export type RenamedCommands = Readonly<Record<string, string | null>>

export interface RenameSettings {
  /** Applies to every target. */
  readonly all: RenamedCommands
  /** Per `host:port` (lower case), merged over `all`. */
  readonly byTarget: ReadonlyMap<string, RenamedCommands>
}

export const NO_RENAMES: RenameSettings = { all: {}, byTarget: new Map() }

const NAME = /^[A-Za-z0-9_\-.:]{1,64}$/

/**
 * REDIS_EXPORTER_RENAMED_COMMANDS: `CONFIG=xyz,SLOWLOG=abc` for every target (`-` or nothing
 * after `=` means renamed away: never sent), or a JSON object from target (`redis://host:port`,
 * `host:port`, or `*` for all) to such a list: `{"*":"CONFIG=-","redis://b:6379":"SLOWLOG=s1"}`.
 */
export function parseRenamedCommands(variable: string, raw: string): RenameSettings {
  const text = raw.trim()
  if (text === '') return NO_RENAMES
  if (!text.startsWith('{')) return { all: parseList(variable, text), byTarget: new Map() }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new ConfigError(
      `${variable}: is not valid JSON (expected e.g. {"*":"CONFIG=-","redis://host:6379":"SLOWLOG=abc"})`
    )
  }
  let all: RenamedCommands = {}
  const byTarget = new Map<string, RenamedCommands>()
  // Text starting with { that parses is an object.
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value !== 'string') {
      throw new ConfigError(`${variable}: the value for "${key}" must be a string like CONFIG=xyz`)
    }
    const list = parseList(`${variable} (${redact(key)})`, value)
    if (key === '*') all = list
    else byTarget.set(targetKey(variable, key), list)
  }
  return { all, byTarget }
}

/** The rename map that applies to one target. */
export function renamesFor(settings: RenameSettings, target: Target | undefined): RenamedCommands {
  const own = target ? settings.byTarget.get(target.id.toLowerCase()) : undefined
  return own ? { ...settings.all, ...own } : settings.all
}

/** The command as the server knows it: renamed, or undefined when it must never be sent. */
export function commandName(renamed: RenamedCommands, name: string): string | undefined {
  const upper = name.toUpperCase()
  if (!(upper in renamed)) return name
  return renamed[upper] ?? undefined
}

function parseList(variable: string, text: string): Record<string, string | null> {
  const out: Record<string, string | null> = {}
  for (const item of text.split(',')) {
    if (item.trim() === '') continue
    const eq = item.indexOf('=')
    const command = (eq === -1 ? item : item.slice(0, eq)).trim().toUpperCase()
    const name = eq === -1 ? '' : item.slice(eq + 1).trim()
    if (!RENAMABLE_COMMANDS.includes(command)) {
      throw new ConfigError(
        `${variable}: "${redact(command)}" cannot be renamed (expected one of ${RENAMABLE_COMMANDS.join(', ')}, as CMD=name)`
      )
    }
    if (eq === -1) {
      throw new ConfigError(
        `${variable}: "${redact(item.trim())}" lacks =name (e.g. ${command}=xyz)`
      )
    }
    if (name === '' || name === '-') {
      if (command === 'INFO') {
        throw new ConfigError(`${variable}: INFO is required and cannot be renamed away`)
      }
      out[command] = null
      continue
    }
    if (!NAME.test(name)) {
      throw new ConfigError(
        `${variable}: "${redact(name)}" is not a command name (letters, digits, _-.:)`
      )
    }
    out[command] = name
  }
  return out
}

function targetKey(variable: string, key: string): string {
  try {
    return parseTarget(key).id.toLowerCase()
  } catch (err) {
    const reason = err instanceof RequestError ? err.message : 'invalid target'
    throw new ConfigError(
      `${variable}: key "${redact(key)}": ${reason} (expected redis://host:port or *)`
    )
  }
}
