/**
 * The Node server's command line, in Go's `flag` forms as redis_exporter takes it: `-flag value`,
 * `-flag=value`, `--flag=value`, `--flag value`, bare booleans (`-debug`, `-debug=false`). Every
 * row of the settings table with a `flag` is a flag; its value becomes the row's variable, so
 * parsing, validation and warnings stay the environment's (flags win over the environment, as
 * upstream). Pure: the caller prints and exits.
 */
import type { EnvRecord } from './read'
import type { SettingRow } from './table'
import { SETTINGS } from './table'

export type CommandLine =
  /**
   * Run with `env` (the environment with the flags applied); `ignored`: the arguments after the
   * first non-flag (Go stops there); `version`: -version was given (print it and exit 0).
   */
  | {
      readonly kind: 'run'
      readonly env: EnvRecord
      readonly ignored: readonly string[]
      readonly version: boolean
      /** The variables the flags set, to their flag (`REDIS_ADDR` to `-redis.addr`). */
      readonly flags: ReadonlyMap<string, string>
    }
  | { readonly kind: 'help' }
  /** Exit 2 after printing `message` (Go's wording) and the usage. */
  | { readonly kind: 'error'; readonly message: string }

/** Every row with a flag, by flag name. */
export const FLAGS: ReadonlyMap<string, SettingRow> = new Map(
  (SETTINGS as readonly SettingRow[]).flatMap((row): [string, SettingRow][] =>
    row.flag ? [[row.flag, row]] : []
  )
)

const HELP = new Set(['h', 'help'])

/** Go's strconv.ParseBool. */
export function goBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false
  return undefined
}

/** The rows a command line sets, with their values. */
type Assigned = Map<SettingRow, string>

/**
 * Parses `argv` (without node and the script) over `env`. An error message mentioning a variable
 * a flag set can say so with `flagHint`.
 */
export function parseCommandLine(argv: readonly string[], env: EnvRecord): CommandLine {
  const assigned: Assigned = new Map()
  let version = false
  const done = (ignored: readonly string[]): CommandLine => run(env, assigned, ignored, version)
  let i = 0
  while (i < argv.length) {
    const arg = argv[i]!
    if (arg === '--') return done(argv.slice(i + 1))
    if (!arg.startsWith('-') || arg === '-') return done(argv.slice(i))
    const body = arg.slice(arg.startsWith('--') ? 2 : 1)
    if (body === '' || body.startsWith('-') || body.startsWith('=')) {
      return { kind: 'error', message: `bad flag syntax: ${arg}` }
    }
    const eq = body.indexOf('=')
    const name = eq === -1 ? body : body.slice(0, eq)
    const inline = eq === -1 ? undefined : body.slice(eq + 1)
    if (HELP.has(name)) return { kind: 'help' }
    if (name === 'version') {
      const on = inline === undefined ? true : goBool(inline)
      if (on === undefined) return badBool(inline ?? '', name)
      version = on
      i++
      continue
    }
    const row = FLAGS.get(name)
    if (!row) return { kind: 'error', message: `flag provided but not defined: -${name}` }
    const step = assign(row, name, inline, argv[i + 1], assigned)
    if (typeof step === 'object') return step
    i += step
  }
  return done([])
}

/** Records one flag; the number of arguments it took, or the error. */
function assign(
  row: SettingRow,
  name: string,
  inline: string | undefined,
  next: string | undefined,
  assigned: Assigned
): number | CommandLine {
  if (row.kind === 'bool') {
    const value = inline === undefined ? true : goBool(inline)
    if (value === undefined) return badBool(inline ?? '', name)
    assigned.set(row, String(value))
    return 1
  }
  if (inline !== undefined) {
    assigned.set(row, inline)
    return 1
  }
  if (next === undefined) return { kind: 'error', message: `flag needs an argument: -${name}` }
  assigned.set(row, next)
  return 2
}

function badBool(value: string, name: string): CommandLine {
  return { kind: 'error', message: `invalid boolean value "${value}" for -${name}: parse error` }
}

/** The environment with the flags applied: a flag replaces its variable and the old spellings. */
function run(
  env: EnvRecord,
  assigned: Assigned,
  ignored: readonly string[],
  version: boolean
): CommandLine {
  const out: Record<string, string | undefined> = { ...env }
  for (const [row, value] of assigned) {
    for (const alias of row.aliases ?? []) delete out[alias]
    out[row.name] = value
  }
  const flags = new Map(
    [...assigned.keys()].map((row): [string, string] => [row.name, `-${row.flag}`])
  )
  return { kind: 'run', env: out, ignored, version, flags }
}

/** Go's type word in the usage: none for booleans. */
function typeWord(row: SettingRow): string {
  if (row.kind === 'bool') return ''
  return row.kind === 'int' ? ' int' : ' string'
}

/**
 * The usage Go's flag package prints, flags sorted by name, each with its description, variable
 * and default; `docs` gives the descriptions (kept out of lib's runtime bundles).
 */
export function usage(program: string, docs: Readonly<Record<string, string>>): string {
  const lines = [`Usage of ${program}:`]
  const flags = [...FLAGS.keys(), 'version'].sort()
  for (const flag of flags) {
    const row = FLAGS.get(flag)
    if (!row) {
      lines.push('  -version', '    \tShow version information and exit')
      continue
    }
    const text = row.unsupported
      ? `not supported here: ${row.unsupported}`
      : (docs[row.name] ?? '').replace(/`/g, '')
    const dflt = row.default && row.default !== 'false' ? ` (default "${row.default}")` : ''
    lines.push(`  -${flag}${typeWord(row)}`, `    \t${text} [${row.name}]${dflt}`)
  }
  lines.push('  -h, -help', '    \tShow this help and exit')
  return `${lines.join('\n')}\n`
}

/** ` (given as -flag)` when `message` starts with a variable a flag set, else ''. */
export function flagHint(message: string, flags: ReadonlyMap<string, string>): string {
  const variable = /^[A-Z][A-Z0-9_]*/.exec(message)?.[0]
  const flag = variable === undefined ? undefined : flags.get(variable)
  return flag ? ` (given as ${flag})` : ''
}
