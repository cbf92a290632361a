import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { emittableFamilies } from '../../lib/metrics/catalog/catalog'
import { PREFIX_RULES } from '../../lib/metrics/catalog/rules'
import {
  EXAMPLE_SECRETS_DIR,
  RULE_FILES,
  adaptExample,
  alertCases,
  alertNames,
  credentialFiles,
  read,
  redisMetricNames,
  ruleTestFiles,
  scrapeConfigFiles,
} from '../helpers/ops-files'
import { prometheusBinary } from '../helpers/prometheus-server'
import { promtoolBinary } from '../helpers/promtool'
import { runPromtool } from '../helpers/promtool-run'

const hasPromtool = promtoolBinary() !== undefined
const tmp = mkdtempSync(join(tmpdir(), 'ops-rules-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** Names the exporter can emit (`redis_` namespace), with the suffixes of histograms and summaries. */
function emittedNames(): { names: Set<string>; prefixes: string[] } {
  const names = new Set<string>()
  for (const f of emittableFamilies()) {
    const name = `redis_${f.name}`
    names.add(name)
    if (f.type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(name + s)
    if (f.type === 'summary') for (const s of ['_sum', '_count']) names.add(name + s)
  }
  return { names, prefixes: PREFIX_RULES.map((r) => `redis_${r.prefix}`) }
}

describe('alert rules (ops/prometheus)', () => {
  it('mention only metrics the exporter emits', () => {
    const { names, prefixes } = emittedNames()
    for (const file of RULE_FILES) {
      const unknown = [...redisMetricNames(read(file))].filter(
        (n) => !names.has(n) && !prefixes.some((p) => n.startsWith(p))
      )
      expect(unknown, basename(file)).toEqual([])
    }
  })

  it('have unique alert names', () => {
    const all = RULE_FILES.flatMap((f) => alertNames(read(f)))
    expect(all.length).toBeGreaterThan(20)
    expect(new Set(all).size).toBe(all.length)
  })

  it('have a promtool test that fires and one that stays silent for every alert', () => {
    const cases = ruleTestFiles().flatMap((f) => alertCases(read(f)))
    const names = RULE_FILES.flatMap((f) => alertNames(read(f)))
    const missing = names.flatMap((n) => [
      ...(cases.some((c) => c.alertname === n && c.firing) ? [] : [`${n}: no firing case`]),
      ...(cases.some((c) => c.alertname === n && !c.firing) ? [] : [`${n}: no silent case`]),
    ])
    expect(missing).toEqual([])
    // A misspelt alertname with `exp_alerts: []` would pass promtool without testing anything.
    expect(cases.map((c) => c.alertname).filter((n) => !names.includes(n))).toEqual([])
  })

  it.runIf(process.env['CI'])('run in CI: promtool and prometheus are installed', () => {
    expect(promtoolBinary()).toBeDefined()
    expect(prometheusBinary()).toBeDefined()
  })

  it.skipIf(!hasPromtool).each(RULE_FILES.map((f) => [basename(f), f]))(
    'promtool check rules %s',
    async (_name, file) => {
      const r = await runPromtool(['check', 'rules', file])
      expect(r.output).toContain(`SUCCESS: ${alertNames(read(file)).length} rules found`)
      expect(r.code).toBe(0)
    }
  )

  it.skipIf(!hasPromtool).each(ruleTestFiles().map((f) => [basename(f), f]))(
    'promtool test rules %s',
    async (_name, file) => {
      const r = await runPromtool(['test', 'rules', file])
      expect(r.output).toContain('SUCCESS')
      expect(r.code).toBe(0)
    }
  )

  it.skipIf(!hasPromtool)('promtool test rules fails when an expectation is wrong', async () => {
    // The same test file with one expected severity changed must fail: the harness can fail.
    const file = ruleTestFiles().find((f) => f.endsWith('exporter.test.yml'))!
    const text = read(file).replace('../exporter.rules.yml', RULE_FILES[0]!)
    const broken = text.replace('severity: critical', 'severity: page')
    expect(broken).not.toBe(text)
    writeFileSync(join(tmp, 'broken.test.yml'), broken)
    const r = await runPromtool(['test', 'rules', join(tmp, 'broken.test.yml')])
    expect(r.code).not.toBe(0)
    expect(r.output).toContain('severity="page"')
  })
})

describe('scrape-config examples (ops/prometheus/scrape-configs)', () => {
  const files = scrapeConfigFiles()

  it('cover the Function URL with bearer and basic auth, /scrape and http_sd', () => {
    const all = files.map(read).join('\n')
    expect(files.map((f) => basename(f)).sort()).toEqual([
      'cluster-discovery.yml',
      'lambda-basic-auth.yml',
      'lambda-bearer.yml',
      'multi-target.yml',
    ])
    expect(all).toMatch(/authorization:\s+type: Bearer\s+credentials_file:/)
    expect(all).toMatch(/basic_auth:\s+username: \S+\s+password_file:/)
    expect(all).toMatch(/http_sd_configs:(\s+#.*)*\s+- url: \S+\/discover-cluster-nodes/)
    // redis_exporter's relabelling, in both /scrape examples.
    for (const f of ['multi-target.yml', 'cluster-discovery.yml']) {
      const text = read(files.find((x) => x.endsWith(f))!)
      expect(text).toContain('metrics_path: /scrape')
      expect(text).toMatch(/source_labels: \[__address__\]\s+target_label: __param_target/)
      expect(text).toMatch(/source_labels: \[__param_target\]\s+target_label: instance/)
      expect(text).toMatch(/- target_label: __address__\s+replacement: \S+/)
    }
  })

  it('keep every credential in a file under /etc/prometheus/secrets/', () => {
    for (const f of files) {
      for (const path of credentialFiles(read(f)))
        expect(path).toMatch(/^\/etc\/prometheus\/secrets\//)
      expect(read(f)).not.toMatch(/^\s*(password|credentials|bearer_token):/m)
    }
  })

  it.skipIf(!hasPromtool).each(files.map((f) => [basename(f), f]))(
    'promtool check config %s (inside a minimal prometheus.yml)',
    async (name, file) => {
      const dir = mkdtempSync(join(tmp, 'config-'))
      const text = read(file)
      // promtool checks that credential files exist: give it real ones.
      for (const path of credentialFiles(text)) {
        writeFileSync(join(dir, basename(path)), 'secret\n', { mode: 0o600 })
      }
      const adapted = credentialFiles(text).length
        ? adaptExample(text, [[EXAMPLE_SECRETS_DIR, `${dir}/`]])
        : text
      const config = `global:\n  scrape_interval: 30s\n  evaluation_interval: 30s\n${adapted}`
      writeFileSync(join(dir, 'prometheus.yml'), config)
      const r = await runPromtool(['check', 'config', join(dir, 'prometheus.yml')])
      expect(r.output, name).toContain('SUCCESS')
      expect(r.code).toBe(0)
    }
  )

  it.skipIf(!hasPromtool)('promtool check config fails on a broken example', async () => {
    const file = files.find((f) => f.endsWith('multi-target.yml'))!
    const broken = read(file).replace(
      'target_label: __param_target',
      'target_lable: __param_target'
    )
    writeFileSync(join(tmp, 'broken.yml'), broken)
    const r = await runPromtool(['check', 'config', join(tmp, 'broken.yml')])
    expect(r.code).not.toBe(0)
    expect(r.output).toContain('target_lable')
  })
})
