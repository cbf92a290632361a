/**
 * The README metric list, generated from the catalog so the two cannot drift.
 *
 *   npm run readme:metrics             prints the section (markers included)
 *   npm run readme:metrics -- --write  replaces the section of README.md in place
 *
 * test/readme.test.ts fails when README.md's section differs from renderMetricTable().
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { catalogFamilies } from '../lib/metrics/catalog-labelled'

export const START_MARKER = '<!-- metrics:start -->'
export const END_MARKER = '<!-- metrics:end -->'
export const README_URL = new URL('../README.md', import.meta.url)
/** The namespace the README documents (REDIS_EXPORTER_NAMESPACE's default). */
const NAMESPACE = 'redis'

/** Text safe inside a Markdown table cell: pipes escaped, line breaks flattened. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
}

/** Display width as Prettier measures it for plain text (one column per code point). */
function width(text: string): number {
  return [...text].length
}

/**
 * The Markdown table of every family the exporter can emit, one row per family, by name. Columns
 * are padded the way Prettier aligns Markdown tables, so `prettier --write README.md` leaves the
 * generated section as it is.
 */
export function renderMetricTable(): string {
  const header = ['metric', 'type', 'labels', 'help']
  const rows = catalogFamilies().map((f) => [
    `\`${NAMESPACE}_${cell(f.name)}\``,
    f.type,
    f.labels.map((l) => `\`${cell(l)}\``).join(', '),
    cell(f.help),
  ])
  const widths = header.map((h, i) => Math.max(3, width(h), ...rows.map((r) => width(r[i] ?? ''))))
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c))).join(' | ')} |`
  const delimiter = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`
  return [line(header), delimiter, ...rows.map(line), ''].join('\n')
}

/** Blank lines Prettier keeps between a marker comment and the table. */
const PADDING = /^(?:[ \t]*\r?\n)+|(?<=\n)(?:[ \t]*\r?\n)+$/g

/**
 * The README text between the markers without the blank lines that pad it, or undefined when a
 * marker is missing (or the end marker comes first).
 */
export function readmeSection(readme: string): string | undefined {
  const start = readme.indexOf(START_MARKER)
  const end = readme.indexOf(END_MARKER, start + START_MARKER.length)
  if (start < 0 || end < 0) return undefined
  return readme.slice(start + START_MARKER.length, end).replace(PADDING, '')
}

/**
 * `readme` with the text between the markers replaced by `table`, padded by one blank line on
 * each side as Prettier formats it; undefined when a marker is missing.
 */
export function replaceSection(readme: string, table: string): string | undefined {
  const start = readme.indexOf(START_MARKER)
  const end = readme.indexOf(END_MARKER, start + START_MARKER.length)
  if (start < 0 || end < 0) return undefined
  return `${readme.slice(0, start + START_MARKER.length)}\n\n${table}\n${readme.slice(end)}`
}

function main(argv: readonly string[]): number {
  const table = renderMetricTable()
  if (!argv.includes('--write')) {
    process.stdout.write(`${START_MARKER}\n\n${table}\n${END_MARKER}\n`)
    return 0
  }
  let readme: string
  try {
    readme = readFileSync(README_URL, 'utf8')
  } catch {
    process.stderr.write(`README.md not found at ${fileURLToPath(README_URL)}\n`)
    return 1
  }
  const updated = replaceSection(readme, table)
  if (updated === undefined) {
    process.stderr.write(
      `README.md has no ${START_MARKER} ... ${END_MARKER} section; add both markers where the metric list goes\n`
    )
    return 1
  }
  if (updated !== readme) writeFileSync(README_URL, updated)
  process.stdout.write(
    `README.md metric list ${updated === readme ? 'already up to date' : 'updated'} (${catalogFamilies().length} families)\n`
  )
  return 0
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2))
}
