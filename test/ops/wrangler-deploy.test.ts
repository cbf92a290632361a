import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SettingRow } from '../../lib/settings/table'
import { SETTINGS_BY_NAME, SETTINGS } from '../../lib/settings/table'

const run = promisify(execFile)
const ROOT = new URL('../..', import.meta.url).pathname
const ROWS: readonly SettingRow[] = SETTINGS
const WRANGLER_TOML = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8')
const WORKERS_DOC = readFileSync(join(ROOT, 'docs/workers.md'), 'utf8')

/** The secret settings a Worker reads. */
const WORKER_SECRETS = ROWS.filter((r) => r.secret && r.runtimes.includes('worker')).map(
  (r) => r.name
)

/** `NAME = "value"` lines of the [vars] table of wrangler.toml. */
function vars(): Record<string, string> {
  const section = WRANGLER_TOML.slice(WRANGLER_TOML.indexOf('[vars]'))
  const body = section.slice(0, section.slice(1).search(/^\[/m) + 1 || undefined)
  return Object.fromEntries(
    [...body.matchAll(/^([A-Z_][A-Z0-9_]*) = "([^"]*)"$/gm)].map((m) => [m[1]!, m[2]!])
  )
}

describe('wrangler deploy --dry-run (offline)', () => {
  let out: string
  let outdir: string
  beforeAll(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'wrangler-dry-run-'))
    const res = await run(
      join(ROOT, 'node_modules/.bin/wrangler'),
      ['deploy', '--dry-run', '--outdir', outdir],
      {
        cwd: ROOT,
        env: { PATH: process.env['PATH'] ?? '', HOME: outdir, WRANGLER_SEND_METRICS: 'false' },
        timeout: 120_000,
      }
    )
    out = `${res.stdout}${res.stderr}`
  }, 150_000)
  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true })
  })

  it('binds exactly the plain [vars] of wrangler.toml, as environment variables', () => {
    const bound = [...out.matchAll(/env\.([A-Z_][A-Z0-9_]*) \("([^"]*)"\)\s+Environment Variable/g)]
    expect(Object.fromEntries(bound.map((m) => [m[1]!, m[2]!]))).toEqual(vars())
    expect(Object.keys(vars()).length).toBeGreaterThan(0)
    expect(out).toContain('--dry-run: exiting now.')
  })

  it('binds settings Workers read, and never a secret one', () => {
    for (const name of Object.keys(vars())) {
      const row = SETTINGS_BY_NAME.get(name)
      expect(row?.runtimes, name).toContain('worker')
      expect(row?.secret, name).toBeFalsy()
    }
    for (const name of WORKER_SECRETS) expect(out).not.toContain(`env.${name} `)
  })
})

describe('Worker secrets', () => {
  it('has the secrets to set', () => {
    expect(WORKER_SECRETS).toContain('REDIS_EXPORTER_BEARER_TOKEN')
    expect(WORKER_SECRETS.length).toBeGreaterThanOrEqual(10)
  })

  it.each(WORKER_SECRETS)('docs/workers.md lists %s as a Worker secret', (name) => {
    expect(WORKERS_DOC).toMatch(new RegExp(`^\\|\\s*\`${name}\`\\s*\\|`, 'm'))
  })

  it.each(WORKER_SECRETS)('wrangler.toml never sets %s in [vars]', (name) => {
    expect(vars()).not.toHaveProperty(name)
    expect(WRANGLER_TOML).not.toMatch(new RegExp(`^${name}\\s*=`, 'm'))
  })
})

describe('wrangler deploy --dry-run with the sharded push enabled', () => {
  let out: string
  let dir: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wrangler-shards-'))
    // wrangler.toml as docs/workers.md says to enable sharding: the queue blocks uncommented.
    const toml = WRANGLER_TOML.replace(
      /^# (\[\[queues\.(?:producers|consumers)\]\]|binding = |queue = |max_)/gm,
      '$1'
    )
      .replace('[vars]', '[vars]\nREDIS_EXPORTER_PUSH_SHARDS = "4"')
      .replace('main = "functions/worker.ts"', `main = "${join(ROOT, 'functions/worker.ts')}"`)
    writeFileSync(join(dir, 'wrangler.toml'), toml)
    const res = await run(
      join(ROOT, 'node_modules/.bin/wrangler'),
      ['deploy', '--dry-run', '--outdir', join(dir, 'out')],
      {
        cwd: dir,
        env: { PATH: process.env['PATH'] ?? '', HOME: dir, WRANGLER_SEND_METRICS: 'false' },
        timeout: 120_000,
      }
    )
    out = `${res.stdout}${res.stderr}`
  }, 150_000)
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('binds the shard queue producer and the shard count', () => {
    expect(out).toMatch(/env\.PUSH_QUEUE \(redis-exporter-push-shards\)\s+Queue/)
    expect(out).toMatch(/env\.REDIS_EXPORTER_PUSH_SHARDS \("4"\)/)
    expect(out).toContain('--dry-run: exiting now.')
  })
})
