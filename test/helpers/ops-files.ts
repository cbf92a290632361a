import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository's `ops/` folder (alert rules, their tests, scrape configs, dashboard). */
export const OPS_DIR = fileURLToPath(new URL('../../ops', import.meta.url))
export const RULES_DIR = join(OPS_DIR, 'prometheus')
export const RULE_FILES = ['exporter.rules.yml', 'redis.rules.yml'].map((f) => join(RULES_DIR, f))
export const RULE_TEST_DIR = join(RULES_DIR, 'tests')
export const SCRAPE_CONFIG_DIR = join(RULES_DIR, 'scrape-configs')
export const DASHBOARD_FILE = join(OPS_DIR, 'grafana', 'redis-exporter.json')
/** Where every example keeps its credential files. */
export const EXAMPLE_SECRETS_DIR = '/etc/prometheus/secrets/'

export const read = (path: string) => readFileSync(path, 'utf8')
export const ruleTestFiles = () =>
  readdirSync(RULE_TEST_DIR)
    .filter((f) => f.endsWith('.test.yml'))
    .map((f) => join(RULE_TEST_DIR, f))
export const scrapeConfigFiles = () =>
  readdirSync(SCRAPE_CONFIG_DIR)
    .filter((f) => f.endsWith('.yml'))
    .map((f) => join(SCRAPE_CONFIG_DIR, f))

/** Alert names of a rule file (`- alert: Name` lines). */
export function alertNames(ruleText: string): string[] {
  return [...ruleText.matchAll(/^\s*- alert: (\S+)\s*$/gm)].map((m) => m[1]!)
}

export type AlertCase = { alertname: string; firing: boolean }

/**
 * The cases of a `promtool test rules` file, read line by line: after each `alertname: X`, the
 * next `exp_alerts:` line says `[]` (must not fire) or opens a list (must fire). The test files
 * are written in this shape; anything else is reported by the caller as a missing case.
 */
export function alertCases(testText: string): AlertCase[] {
  const cases: AlertCase[] = []
  let current: string | undefined
  for (const line of testText.split('\n')) {
    const name = /^\s*alertname: (\S+)\s*$/.exec(line)
    if (name) current = name[1]
    const exp = /^\s*exp_alerts:(.*)$/.exec(line)
    if (exp && current !== undefined) {
      cases.push({ alertname: current, firing: exp[1]!.trim() !== '[]' })
      current = undefined
    }
  }
  return cases
}

/** Metric names (`redis_…`) a PromQL text or rule file mentions, comments left out. */
export function redisMetricNames(text: string): Set<string> {
  const code = text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n')
  return new Set([...code.matchAll(/\bredis_[a-z0-9_]*[a-z0-9]\b/g)].map((m) => m[0]))
}

// ---- the Grafana dashboard -------------------------------------------------------------------

export type DashboardTarget = { refId: string; expr: string; datasource?: { uid?: string } }
export type DashboardPanel = {
  id: number
  type: string
  title: string
  datasource?: { type?: string; uid?: string }
  gridPos: { x: number; y: number; w: number; h: number }
  targets?: DashboardTarget[]
  panels?: DashboardPanel[]
}
export type DashboardVariable = {
  name: string
  type: string
  query?: string | { query?: string }
  definition?: string
  datasource?: { uid?: string }
}
export type Dashboard = {
  __inputs?: { name: string; type: string; pluginId: string }[]
  panels: DashboardPanel[]
  templating: { list: DashboardVariable[] }
}

export const dashboard = (): Dashboard => JSON.parse(read(DASHBOARD_FILE)) as Dashboard

/** Every panel, rows' nested panels included. */
export function allPanels(d: Dashboard): DashboardPanel[] {
  return d.panels.flatMap((p) => [p, ...(p.panels ?? [])])
}

export type DashboardQuery = { panel: string; refId: string; expr: string }

/** Every PromQL query of every panel, named `panel title › refId`. */
export function dashboardQueries(d: Dashboard): DashboardQuery[] {
  return allPanels(d).flatMap((p) =>
    (p.targets ?? []).map((t) => ({ panel: p.title, refId: t.refId, expr: t.expr }))
  )
}

/** The text of a query variable (`label_values(…)`), string or object form. */
export function variableQuery(v: DashboardVariable): string {
  return typeof v.query === 'string' ? v.query : (v.query?.query ?? '')
}

/**
 * A dashboard query with Grafana's variables replaced. Throws when a `$` variable is left, so a new
 * variable cannot slip through untested.
 */
export function substitute(expr: string, vars: Record<string, string>): string {
  const out = expr.replace(/\$(__\w+|\w+)|\$\{(\w+)\}/g, (whole, a?: string, b?: string) => {
    const name = a ?? b ?? ''
    const value = vars[name]
    if (value === undefined) throw new Error(`no value for ${whole} in: ${expr}`)
    return value
  })
  return out
}

// ---- scrape-config examples --------------------------------------------------------------------

/**
 * The `scrape_configs` list items of an example (the text after its only top-level key), for
 * splicing several examples into one prometheus.yml.
 */
export function scrapeConfigItems(exampleText: string): string {
  const lines = exampleText.split('\n')
  const topLevel = lines.filter((l) => /^[^\s#]/.test(l))
  if (topLevel.length !== 1 || topLevel[0] !== 'scrape_configs:') {
    throw new Error(`an example must have scrape_configs as its only top-level key: ${topLevel}`)
  }
  return lines.slice(lines.indexOf('scrape_configs:') + 1).join('\n')
}

/** Replaces each `from` with `to`; throws when an example lacks a placeholder the test relies on. */
export function adaptExample(text: string, replacements: [string, string][]): string {
  let out = text
  for (const [from, to] of replacements) {
    if (!out.includes(from)) throw new Error(`the example no longer contains ${from}`)
    out = out.replaceAll(from, to)
  }
  return out
}

/** The credential files an example reads (`…_file: /path`). */
export function credentialFiles(text: string): string[] {
  return [...text.matchAll(/^\s*\w+_file:\s*(\S+)\s*$/gm)].map((m) => m[1]!)
}
