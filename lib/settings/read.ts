/**
 * The one place that reads the environment: a typed accessor over the settings table. Each
 * getter accepts only names of rows of its kind (a compile error otherwise), resolves aliases,
 * applies the row's default and parses with the kind's parser (kinds.ts).
 */
import { ConfigError } from '../errors'
import { parseBool, parseDuration, parseEnum, parseInteger, parseList } from './kinds'
import type { Setting, SettingKind, SettingRow } from './table'
import { SETTINGS, SETTINGS_BY_NAME } from './table'

/** process.env, a Lambda's environment or a Worker's string bindings. */
export type EnvRecord = Readonly<Record<string, string | undefined>>

/** Rows the exporter reads (unsupported upstream settings are never read). */
type Supported = Exclude<Setting, { readonly unsupported: string }>
export type SettingName = Supported['name']
/** Names of the rows of kind K. */
export type NamesOf<K extends SettingKind> = Extract<Supported, { readonly kind: K }>['name']
type RowNamed<N> = Extract<Supported, { readonly name: N }>
type TextKind = 'string' | 'url' | 'json'
/** A text row with a default always has a value; one without may be undefined. */
type TextOf<N> = RowNamed<N> extends { readonly default: string } ? string : string | undefined
type EnumOf<N> = RowNamed<N> extends { readonly values: readonly (infer V)[] } ? V : never

/** Contents of the `file` settings, keyed by the variable, as read by the runtime (functions/). */
export type SettingFiles = Readonly<Partial<Record<NamesOf<'file'>, string>>>

export interface Settings {
  /** The row's default when unset or empty. */
  bool(name: NamesOf<'bool'>): boolean
  /** Seconds; the row's default when unset or empty. */
  duration(name: NamesOf<'duration'>): number
  int(name: NamesOf<'int'>): number
  /** undefined when unset or empty (and the row has no default); [] for e.g. ",". */
  list(name: NamesOf<'list'>): string[] | undefined
  enumValue<N extends NamesOf<'enum'>>(name: N): EnumOf<N>
  /** Trimmed (unless the row is verbatim); '' when set empty; the default only when unset. */
  text<N extends NamesOf<TextKind>>(name: N): TextOf<N>
  /** Like text, but an empty value also means the default. */
  textOrDefault<N extends NamesOf<TextKind>>(name: N): TextOf<N>
  /** The file's contents as the runtime read them; undefined when unset or not read. */
  file(name: NamesOf<'file'>): string | undefined
  /** Set (under any spelling) to something other than blanks. */
  isSet(name: SettingName): boolean
}

interface Found {
  /** The spelling that was used: the canonical name or an alias. */
  readonly name: string
  readonly raw: string
}

const blank = (raw: string): boolean => raw.trim() === ''

/**
 * The value of a row under its canonical name or an alias. The canonical name wins; two
 * spellings set to different values is an error naming both (never the values).
 */
export function lookup(env: EnvRecord, row: SettingRow): Found | undefined {
  const set: Found[] = []
  for (const name of [row.name, ...(row.aliases ?? [])]) {
    const raw = env[name]
    if (raw !== undefined) set.push({ name, raw })
  }
  const filled = set.filter((f) => !blank(f.raw))
  const first = filled[0]
  const other = filled.find((f) => f.raw.trim() !== first?.raw.trim())
  if (first && other) {
    throw new ConfigError(
      `${first.name} and ${other.name} are both set, to different values; set only ${row.name}`
    )
  }
  return first ?? set[0]
}

function rowOf(name: string, kinds: readonly SettingKind[]): SettingRow {
  const row = SETTINGS_BY_NAME.get(name)
  if (!row || row.unsupported !== undefined || !kinds.includes(row.kind)) {
    throw new Error(`${name} is not a supported ${kinds.join('/')} setting`)
  }
  return row
}

/** A typed accessor over `env`; `files` holds the contents of the `file` settings. */
export function readSettings(
  env: EnvRecord,
  opts: { readonly files?: SettingFiles } = {}
): Settings {
  const files: Readonly<Record<string, string | undefined>> = opts.files ?? {}
  /** The value to parse (the spelling used, or the default) for a typed row; undefined: none. */
  const typed = (name: string, kind: SettingKind): [SettingRow, string, string | undefined] => {
    const row = rowOf(name, [kind])
    const found = lookup(env, row)
    if (found && !blank(found.raw)) return [row, found.name, found.raw]
    return [row, row.name, row.default]
  }
  const must = (name: string, raw: string | undefined): string => {
    if (raw === undefined) throw new Error(`${name} has no default`)
    return raw
  }
  const text = (name: string): string | undefined => {
    const row = rowOf(name, ['string', 'url', 'json'])
    const found = lookup(env, row)
    if (!found) return row.default
    return row.verbatim ? found.raw : found.raw.trim()
  }
  const isSet = (name: string): boolean => {
    const found = lookup(env, rowOf(name, [SETTINGS_BY_NAME.get(name)?.kind ?? 'string']))
    return found !== undefined && !blank(found.raw)
  }
  return {
    bool(name) {
      const [row, used, raw] = typed(name, 'bool')
      return parseBool(used, must(name, raw), row.secret)
    },
    duration(name) {
      const [row, used, raw] = typed(name, 'duration')
      return parseDuration(used, must(name, raw), { min: row.min ?? 0, max: row.max ?? Infinity })
    },
    int(name) {
      const [row, used, raw] = typed(name, 'int')
      const bounds = { min: row.min ?? 0, max: row.max ?? 999_999_999 }
      return parseInteger(used, must(name, raw), {
        ...bounds,
        ...(row.what ? { what: row.what } : {}),
      })
    },
    list(name) {
      const [, , raw] = typed(name, 'list')
      return raw === undefined ? undefined : parseList(raw)
    },
    enumValue<N extends NamesOf<'enum'>>(name: N): EnumOf<N> {
      const [row, used, raw] = typed(name, 'enum')
      return parseEnum(used, must(name, raw), row.values ?? [], row.what) as EnumOf<N>
    },
    text: <N extends NamesOf<TextKind>>(name: N) => text(name) as TextOf<N>,
    textOrDefault: <N extends NamesOf<TextKind>>(name: N) =>
      (text(name) || SETTINGS_BY_NAME.get(name)?.default) as TextOf<N>,
    file: (name) => (isSet(name) ? files[name] : undefined),
    isSet,
  }
}

/** The `file` settings that are set, with their paths (trimmed), for the runtime to read. */
export function settingFilePaths(env: EnvRecord): { name: NamesOf<'file'>; path: string }[] {
  const out: { name: NamesOf<'file'>; path: string }[] = []
  for (const row of SETTINGS) {
    if (row.kind !== 'file' || 'unsupported' in row) continue
    const path = lookup(env, row)?.raw.trim()
    if (path) out.push({ name: row.name, path })
  }
  return out
}
