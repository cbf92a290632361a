/**
 * Documentation generated from the code, so the two cannot drift.
 *
 *   npm run docs               rewrites every generated document
 *   npm run docs -- --check    exits 1 and names the stale ones instead
 *
 * test/configuration-docs.test.ts fails when docs/configuration.md differs from its rendering.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { format, resolveConfig } from 'prettier'
import { SETTING_DOCS } from '../lib/settings/docs'
import type { Runtime, SettingRow } from '../lib/settings/table'
import { RUNTIMES, SETTING_GROUPS } from '../lib/settings/table'

export const CONFIGURATION_URL = new URL('../docs/configuration.md', import.meta.url)

const RUNTIME_HEADERS: Readonly<Record<Runtime, string>> = {
  node: 'Node',
  'lambda-scrape': 'λ scrape',
  'lambda-push': 'λ push',
  worker: 'Workers',
}

/** Text safe inside a Markdown table cell: pipes escaped, line breaks flattened. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ')
}

const code = (text: string): string => `\`${text}\``

const docOf = (row: SettingRow): string => (SETTING_DOCS as Record<string, string>)[row.name] ?? ''

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

/** The accepted range or values, derived from the row. */
function accepted(row: SettingRow): string {
  if (row.kind === 'duration') return ` Between ${row.min ?? 0}s and ${row.max}s.`
  if (row.kind === 'int') return ` ${row.min ?? 0} to ${row.max}.`
  if (row.kind === 'enum') return ` One of ${(row.values ?? []).map(code).join(', ')}.`
  return ''
}

function meaning(row: SettingRow): string {
  const aliases = row.aliases?.length
    ? ` Also accepted, with a warning: ${row.aliases.map(code).join(', ')}.`
    : ''
  return `${docOf(row)}${accepted(row)}${aliases}`
}

function defaultCell(row: SettingRow): string {
  const ours = row.default === undefined ? '–' : code(row.default === '' ? '""' : row.default)
  return row.upstreamDefault === undefined
    ? ours
    : `${ours} (redis_exporter: ${code(row.upstreamDefault)})`
}

function supportedTable(rows: readonly SettingRow[]): string {
  const header = ['variable', 'flag', 'default', ...RUNTIMES.map((r) => RUNTIME_HEADERS[r])]
  return table(
    [...header, 'secret', 'meaning'],
    rows.map((row) => [
      code(row.name),
      row.flag ? code(`-${row.flag}`) : '–',
      defaultCell(row),
      ...RUNTIMES.map((r) => (row.runtimes.includes(r) ? '✓' : '')),
      row.secret ? 'secret' : '',
      meaning(row),
    ])
  )
}

function unsupportedTable(rows: readonly SettingRow[]): string {
  return table(
    ['variable', 'flag', 'redis_exporter default', 'what it does there', 'why not here'],
    rows.map((row) => [
      code(row.name),
      row.flag ? code(`-${row.flag}`) : '–',
      row.default === undefined ? '–' : code(row.default === '' ? '""' : row.default),
      docOf(row),
      row.unsupported ?? '',
    ])
  )
}

const INTRO = `# Configuration

<!-- Generated from lib/settings/table.ts by \`npm run docs\`; edit the table, not this file. -->

Every setting is an environment variable, declared once in
[lib/settings/table.ts](../lib/settings/table.ts); this page is generated from it. The names are
redis_exporter's where it has the setting (its flag is shown). A bad value stops the exporter at
startup with a message that names the variable and what it expected; secrets are never echoed.

- Booleans accept \`true/false\`, \`1/0\`, \`t/f\`, \`yes/no\`, \`on/off\`; durations are Go-style
  (\`500ms\`, \`1m30s\`) or seconds; lists are comma-separated.
- An empty boolean, number, duration, choice or list means its default. Text is taken as written:
  \`REDIS_ADDR=""\` means no main target.
- At startup the exporter warns (never printing a value) about a \`REDIS_EXPORTER_*\` variable it
  does not know (naming the closest known one), a setting that means nothing on the runtime it
  runs on, a redis_exporter setting it does not support, and an old spelling.
- Columns Node, λ scrape, λ push and Workers: where the setting means something (the Node server,
  the Lambda scrape function, the Lambda push function, the Cloudflare Worker).
`

/** One `##` section per group: supported settings, or the redis_exporter ones not supported. */
function section(title: string, rows: readonly SettingRow[]): string {
  if (rows.every((r) => r.unsupported !== undefined)) {
    const note = 'Setting one of these logs a warning at startup and is otherwise ignored.'
    return `## ${title}\n\n${note}\n\n${unsupportedTable(rows)}\n`
  }
  return `## ${title}\n\n${supportedTable(rows)}\n`
}

/** docs/configuration.md as `npm run docs` writes it (formatted by Prettier, as the lint checks). */
export async function renderConfigurationDoc(): Promise<string> {
  const sections = SETTING_GROUPS.map((g) => section(g.title, g.rows))
  const text = [INTRO, ...sections].join('\n')
  const options = await resolveConfig(fileURLToPath(CONFIGURATION_URL))
  return format(text, { ...options, parser: 'markdown' })
}

/** Every generated document: where it lives and how it is rendered. */
export const GENERATED_DOCS: readonly { url: URL; render: () => Promise<string> }[] = [
  { url: CONFIGURATION_URL, render: renderConfigurationDoc },
]

async function main(argv: readonly string[]): Promise<number> {
  const check = argv.includes('--check')
  let stale = 0
  for (const doc of GENERATED_DOCS) {
    const path = fileURLToPath(doc.url)
    const fresh = await doc.render()
    let current: string | undefined
    try {
      current = readFileSync(doc.url, 'utf8')
    } catch {
      current = undefined
    }
    if (current === fresh) continue
    stale++
    if (check) process.stderr.write(`${path} is out of date: run npm run docs\n`)
    else writeFileSync(doc.url, fresh)
  }
  const verb = check ? 'stale' : 'rewritten'
  process.stdout.write(`${GENERATED_DOCS.length} generated documents, ${stale} ${verb}\n`)
  return check && stale > 0 ? 1 : 0
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2))
}
