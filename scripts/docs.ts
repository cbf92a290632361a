/**
 * Documentation generated from the code, so the two cannot drift.
 *
 *   npm run docs               rewrites every generated document
 *   npm run docs -- --check    exits 1 and names the stale ones instead
 *
 * test/configuration-docs.test.ts and test/metrics-docs.test.ts fail when docs/configuration.md or
 * docs/metrics.md differs from its rendering; test/serverless-env.test.ts for the environment
 * blocks of serverless.yml (scripts/serverless-env.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { format, resolveConfig } from 'prettier'
import { FAMILIES } from '../lib/metrics/catalog/families'
import type { InfoDescriptor, OptIn, Section } from '../lib/metrics/catalog/info-map'
import { INFO_FIELDS, SECTION_SOURCES } from '../lib/metrics/catalog/info-map'
import { IO_THREAD_RULE, PREFIX_RULES } from '../lib/metrics/catalog/rules'
import type { Descriptor } from '../lib/metrics/descriptor'
import { SETTING_DOCS } from '../lib/settings/docs'
import type { Runtime, SettingRow } from '../lib/settings/table'
import { RUNTIMES, SETTING_GROUPS } from '../lib/settings/table'
import { SERVERLESS_URL, renderServerlessYml } from './serverless-env'

export const CONFIGURATION_URL = new URL('../docs/configuration.md', import.meta.url)
export const METRICS_URL = new URL('../docs/metrics.md', import.meta.url)

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
  const elsewhere = row.elsewhere ? ` Elsewhere ignored (warned): ${row.elsewhere}.` : ''
  return `${docOf(row)}${accepted(row)}${aliases}${elsewhere}`
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
- The Node server also takes every setting with a flag on its command line, in Go's forms as
  redis_exporter does (\`-redis.addr redis://h:6379\`, \`-namespace=x\`, \`--debug\`,
  \`-debug=false\`; \`npm start -- -redis.addr …\`). A flag wins over its variable. \`-version\`
  prints the version and exits 0, \`-h\`/\`-help\` lists the flags with their defaults, an unknown
  flag exits 2 (\`flag provided but not defined: -x\`). Moving from redis_exporter:
  [migrating](migrating.md).
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

/** The namespace the metric names are shown with (REDIS_EXPORTER_NAMESPACE's default). */
const NAMESPACE = 'redis'

const METRICS_INTRO = `# Metrics

<!-- Generated from lib/metrics/catalog/ by \`npm run docs\`; edit the catalog, not this file. -->

Every metric family is declared once, as one row of the catalog in
[lib/metrics/catalog/](../lib/metrics/catalog/); this page is generated from it. Names are shown
with the default namespace \`${NAMESPACE}\` (\`REDIS_EXPORTER_NAMESPACE\` changes it). Names, types and
labels are redis_exporter's; the help texts are ours. A family appears only when its source
answers: INFO fields only when the server reports them, CONFIG families only when CONFIG answers.
`

/** The setting that turns an opt-in on, or why nothing does yet. */
const OPT_IN_DOCS: Readonly<Record<OptIn, string>> = {
  system: 'only with `REDIS_EXPORTER_INCL_SYSTEM_METRICS`',
  tile38: 'never yet: redis_exporter `--is-tile38` (`SERVER EXT`) has no setting here',
  modules:
    'never yet: redis_exporter `--include-modules-metrics` (`INFO MODULES`) has no setting here',
}

function labelsCell(d: Descriptor): string {
  const optional = d.optional.map((l) => `${code(l)} (optional)`)
  return [...d.labels.map(code), ...optional].join(', ')
}

function familiesSection(): string {
  const rows = Object.values(FAMILIES).map((d: Descriptor) => [
    code(`${NAMESPACE}_${d.name}`),
    d.type,
    labelsCell(d),
    d.source,
    d.help,
  ])
  const intro = [
    'Exporter self-metrics, families built by rules from INFO (keyspace, commandstats,',
    'latencystats, errorstats, replication) and from the extra commands (LATENCY, SLOWLOG, CONFIG).',
    'Labels are listed in output order; optional ones only some servers give. Summary quantiles',
    'add `quantile` and histogram buckets `le`.',
  ].join('\n')
  return `## Families\n\n${intro}\n\n${table(['metric', 'type', 'labels', 'source', 'help'], rows)}\n`
}

function rulesSection(): string {
  const rows = PREFIX_RULES.map((r) => [code(`${r.prefix}*`), r.type, code(r.help), r.source])
  const io = IO_THREAD_RULE.family
  const text = [
    'INFO (and CLUSTER INFO) fields outside the maps below: a field a rule takes is exported under',
    'its own name, every character outside `[a-zA-Z0-9_]` made `_`, when its value is a number',
    '(`ok`/`true` read as 1, `err`/`fail`/`false` as 0) and that name is not a catalog name.',
    '`used_active_time_io_thread_N` becomes',
    `\`${NAMESPACE}_${io.name}{thread="N"}\`; other fields are dropped.`,
  ].join('\n')
  return `## Prefix rules\n\n${text}\n\n${table(['field', 'type', 'help', 'source'], rows)}\n`
}

function infoSection(section: Section, rows: readonly InfoDescriptor[]): string {
  const optIns = rows.some((r) => r.optIn !== undefined)
  const header = ['INFO field', 'metric', 'type', ...(optIns ? ['exported'] : []), 'help']
  const body = rows.map((r) => [
    code(r.field),
    code(`${NAMESPACE}_${r.name}`),
    r.type,
    ...(optIns ? [r.optIn ? OPT_IN_DOCS[r.optIn] : 'always'] : []),
    r.help,
  ])
  return `### ${section} (${SECTION_SOURCES[section]})\n\n${table(header, body)}\n`
}

function infoMapSection(): string {
  const bySection = new Map<Section, InfoDescriptor[]>()
  for (const row of INFO_FIELDS.values()) {
    bySection.set(row.section, [...(bySection.get(row.section) ?? []), row])
  }
  const text = [
    "redis_exporter's one-to-one maps: one INFO field, one gauge or counter without labels. The",
    'map decides the type, not the name: some gauges end in `_total` and some counters do not.',
  ].join('\n')
  const sections = [...bySection].map(([section, rows]) => infoSection(section, rows))
  return [`## INFO fields\n\n${text}\n`, ...sections].join('\n')
}

/** docs/metrics.md as `npm run docs` writes it (formatted by Prettier, as the lint checks). */
export async function renderMetricsDoc(): Promise<string> {
  const text = [METRICS_INTRO, familiesSection(), rulesSection(), infoMapSection()].join('\n')
  const options = await resolveConfig(fileURLToPath(METRICS_URL))
  return format(text, { ...options, parser: 'markdown' })
}

/** Every generated document: where it lives and how it is rendered. */
export const GENERATED_DOCS: readonly { url: URL; render: () => Promise<string> }[] = [
  { url: CONFIGURATION_URL, render: renderConfigurationDoc },
  { url: METRICS_URL, render: renderMetricsDoc },
  { url: SERVERLESS_URL, render: renderServerlessYml },
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
