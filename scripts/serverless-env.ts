/**
 * The generated parts of serverless.yml, from the settings table (run by `npm run docs`):
 *
 * - each function's `environment:` forwards every setting whose `runtimes` include it
 *   (lambda-scrape, lambda-push) from the deploying shell, `${env:NAME, ''}` (unset ones are
 *   dropped at package time by ops/lambda/deploy-plugin.mjs, so they do not use the 4 KB);
 * - secret settings are NOT forwarded: their `…_SSM` / `…_SECRET_ARN` reference rows are, and
 *   `custom.secretSettings` lists them for the plugin, which refuses a plaintext secret;
 * - `byReference` settings (REDIS_EXPORTER_TARGETS) are forwarded AND listed there with
 *   `plaintext: allowed`, so the plugin grants their references without refusing the value;
 * - `custom.dashboardMetrics` is the push's default CloudWatch set (the plugin's dashboard);
 * - `file` settings (Node only), platform variables (AWS_*, set by Lambda) and unsupported
 *   upstream settings are left out.
 *
 * The blocks sit between `# BEGIN generated: <what>` and `# END generated` lines; everything
 * else in serverless.yml is hand-written. test/serverless-env.test.ts checks freshness.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { format, resolveConfig } from 'prettier'
import { DEFAULT_CLOUDWATCH_METRICS } from '../lib/push/default-metrics'
import { SECRET_REFERENCES } from '../lib/settings/secret-refs'
import type { Runtime, SettingRow } from '../lib/settings/table'
import { SETTINGS } from '../lib/settings/table'

export const SERVERLESS_URL = new URL('../serverless.yml', import.meta.url)

/** The osls function of each Lambda runtime. */
export const FUNCTIONS = { 'lambda-scrape': 'scrape', 'lambda-push': 'push' } as const
export type LambdaRuntime = keyof typeof FUNCTIONS

/**
 * Values that also drive the template (the PutMetricData condition, one schedule per shard), so
 * they come from `custom`.
 */
const OVERRIDES: Readonly<Record<string, string>> = {
  REDIS_EXPORTER_PUSH_SINKS: '${self:custom.pushSinks}',
  REDIS_EXPORTER_PUSH_SHARDS: '${self:custom.pushShards}',
  REDIS_EXPORTER_CLOUDWATCH_NAMESPACE: '${self:custom.cloudWatchNamespace}',
}

const ROWS: readonly SettingRow[] = SETTINGS

/** The rows a function forwards, in table order. */
export function forwardedRows(runtime: LambdaRuntime): SettingRow[] {
  return ROWS.filter(
    (r) =>
      r.runtimes.includes(runtime) &&
      r.unsupported === undefined &&
      !r.platform &&
      !r.secret &&
      r.kind !== 'file'
  )
}

function environmentBlock(runtime: LambdaRuntime): string[] {
  return forwardedRows(runtime).map(
    (r) => `${r.name}: ${OVERRIDES[r.name] ?? `\${env:${r.name}, ''}`}`
  )
}

/** Secret settings the Lambda functions read, with their references, for the plugin. */
function secretSettingsBlock(): string[] {
  const lambda = (r: SettingRow) =>
    (r.secret || r.byReference) && !r.platform && r.runtimes.some((rt) => rt in FUNCTIONS)
  return [
    'secretSettings:',
    ...ROWS.filter(lambda).map((row) => {
      const ref = SECRET_REFERENCES.find((s) => s.setting === row.name)
      const fns = row.runtimes.filter((rt): rt is LambdaRuntime => rt in FUNCTIONS)
      const refs = ref ? `, ssm: ${ref.ssm}, secretArn: ${ref.secretArn}` : ''
      const plain = row.secret ? '' : ', plaintext: allowed'
      return `  - { setting: ${row.name}${refs}, functions: [${fns.map((f) => FUNCTIONS[f]).join(', ')}]${plain} }`
    }),
  ]
}

/** The push's default CloudWatch set, one dashboard widget each (the plugin builds them). */
function dashboardMetricsBlock(): string[] {
  return [
    'dashboardMetrics:',
    ...DEFAULT_CLOUDWATCH_METRICS.map((m) => `  - { family: ${m.family}, unit: ${m.unit} }`),
  ]
}

const BLOCKS: Readonly<Record<string, () => string[]>> = {
  'secret settings': secretSettingsBlock,
  'dashboard metrics': dashboardMetricsBlock,
  'scrape environment': () => environmentBlock('lambda-scrape'),
  'push environment': () => environmentBlock('lambda-push'),
}

/** `text` with each generated block re-rendered at its marker's indentation. */
export function replaceBlocks(text: string): string {
  const lines = text.split('\n')
  const out: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    out.push(line)
    const m = /^(\s*)# BEGIN generated: (.+?)(?: \(.*\))?$/.exec(line)
    const render = m ? BLOCKS[m[2] ?? ''] : undefined
    if (!m || !render) continue
    const end = lines.findIndex((l, j) => j > i && /^\s*# END generated$/.test(l))
    if (end === -1) throw new Error(`serverless.yml: no "# END generated" after "${line.trim()}"`)
    out.push(...render().map((l) => `${m[1]}${l}`), lines[end] ?? '')
    i = end
  }
  return out.join('\n')
}

/** serverless.yml as `npm run docs` writes it (formatted by Prettier, as the lint checks). */
export async function renderServerlessYml(): Promise<string> {
  const path = fileURLToPath(SERVERLESS_URL)
  const options = await resolveConfig(path)
  return format(replaceBlocks(readFileSync(SERVERLESS_URL, 'utf8')), { ...options, parser: 'yaml' })
}

/** The variables a function's generated environment forwards (for the tests). */
export function forwardedNames(runtime: Runtime): string[] {
  return runtime in FUNCTIONS ? forwardedRows(runtime as LambdaRuntime).map((r) => r.name) : []
}
