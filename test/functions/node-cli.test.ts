// The Node server's command line, on the built bundle and through `npm start`, as a user runs it.
import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { version } from '../../package.json'
import { buildNodeBundle, startExporterProcess } from '../helpers/exporter-process'
import { freePort } from '../helpers/free-port'
import type { RedisServer } from '../helpers/redis-server'
import { startRedis } from '../helpers/redis-server'
import { spawnTracked } from '../helpers/spawned'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BASE_ENV = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' }

type Ran = { code: number | null; stdout: string; stderr: string }

/** Runs the bundle to its exit (bounded to 15 s). */
function runToExit(bundle: string, args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bundle, ...args],
      { env: { ...BASE_ENV, ...env }, timeout: 15_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0
        resolve({ code, stdout, stderr })
      }
    )
  })
}

describe('the Node server command line', () => {
  let tmp: string
  let bundle: string
  let redis: RedisServer
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'node-cli-'))
    ;[bundle, redis] = await Promise.all([buildNodeBundle(join(tmp, 'dist')), startRedis()])
  }, 60_000)
  afterAll(async () => {
    await redis?.stop()
    rmSync(tmp, { recursive: true, force: true })
  })

  it.each([['-version'], ['--version'], ['-version=true']])(
    '%s prints the version and exits 0 without listening',
    async (flag) => {
      const r = await runToExit(bundle, [flag], { REDIS_EXPORTER_WEB_LISTEN_ADDRESS: ':1' })
      expect(r.code).toBe(0)
      const line = JSON.parse(r.stderr.trim()) as Record<string, string>
      expect(line['level']).toBe('info')
      expect(line['msg']).toMatch(
        new RegExp(`^Redis Metrics Exporter ${version.replace(/\./g, '\\.')} .*runtime: node v\\d+`)
      )
    }
  )

  it('-version writes its line in the -log-format given with it', async () => {
    const r = await runToExit(bundle, ['-log-format', 'txt', '-version'])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^time="[^"]+Z" level=info msg="Redis Metrics Exporter /)
  })

  it.each([['-h'], ['-help'], ['--help']])(
    '%s prints the flags with defaults, exits 0',
    async (flag) => {
      const r = await runToExit(bundle, [flag])
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/^Usage of redis-exporter:\n/)
      expect(r.stdout).toContain('  -redis.addr string\n')
      expect(r.stdout).toContain('[REDIS_EXPORTER_WEB_LISTEN_ADDRESS] (default "0.0.0.0:9121")')
      expect(r.stdout).toContain('  -version\n')
    }
  )

  it.each<[string[], string]>([
    [['-bogus'], 'flag provided but not defined: -bogus'],
    [['-redis.addr'], 'flag needs an argument: -redis.addr'],
    [['-debug=maybe'], 'invalid boolean value "maybe" for -debug: parse error'],
  ])("%j exits 2 with Go's message and the usage", async (args, message) => {
    const r = await runToExit(bundle, args)
    expect(r.code).toBe(2)
    expect(r.stderr.startsWith(`${message}\nUsage of redis-exporter:\n`)).toBe(true)
  })

  it('refuses a bad flag value naming the variable, without echoing the password flag', async () => {
    const r = await runToExit(bundle, [
      '-redis.password',
      'hunter2pw',
      '-connection-timeout=banana',
    ])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(
      /configuration error: REDIS_EXPORTER_CONNECTION_TIMEOUT: .* \(given as -connection-timeout\)\n$/
    )
    expect(r.stderr).not.toContain('hunter2pw')
  })

  it('takes upstream flags over the environment, in every form', async () => {
    const server = await startExporterProcess({
      args: [
        bundle,
        '-redis.addr',
        redis.url,
        '--namespace=flagged',
        '-include-system-metrics',
        '-log-format=txt',
        '-log-level',
        'warn',
        '-include-go-runtime-metrics',
      ],
      env: { REDIS_ADDR: 'redis://127.0.0.1:1', REDIS_EXPORTER_NAMESPACE: 'fromenv' },
    })
    try {
      const body = await (await fetch(`${server.url}/metrics`)).text()
      expect(body).toContain('\nflagged_up 1\n')
      expect(body).toContain('flagged_total_system_memory_bytes')
      expect(body).not.toContain('fromenv_')
      const logs = server.logs()
      expect(logs).toContain(
        `level=warning msg="REDIS_EXPORTER_INCLUDE_GO_RUNTIME_METRICS is redis_exporter's setting for -include-go-runtime-metrics; not supported`
      )
      expect(logs).toMatch(/^time="[^"]+Z" level=warning msg=/m)
      // -log-level warn: no info lines (the version line, "listening").
      expect(logs).not.toContain('level=info')
    } finally {
      expect(await server.stop()).toBe(0)
    }
  })

  it('listens where -web.listen-address says, over the variable', async () => {
    const port = await freePort()
    const proc = spawnTracked(
      process.execPath,
      [bundle, '-web.listen-address', `127.0.0.1:${port}`, '-redis.addr=', '-debug'],
      {
        env: {
          ...BASE_ENV,
          REDIS_EXPORTER_WEB_LISTEN_ADDRESS: '127.0.0.1:1',
          REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: '127.0.0.1:*',
        },
        group: true,
      }
    )
    try {
      let status = 0
      for (let i = 0; i < 100 && status !== 200 && !proc.hasExited(); i++) {
        status = await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.status,
          () => 0
        )
        if (status !== 200) await sleep(100)
      }
      expect(status, proc.logs()).toBe(200)
      expect(proc.logs()).toContain('{"level":"debug","msg":"Enabling debug output","time":')
      expect(proc.logs()).toContain('"msg":"Redis Metrics Exporter ')
      // -redis.addr= : only /scrape, as upstream with an empty address.
      const scrape = await fetch(
        `http://127.0.0.1:${port}/scrape?target=${encodeURIComponent(redis.url)}`
      )
      expect(await scrape.text()).toContain('\nredis_up 1\n')
    } finally {
      await proc.stop()
    }
  })

  it('npm start -- <flags> passes the flags to the server', async () => {
    const dir = join(tmp, 'checkout')
    for (const f of ['package.json', 'tsconfig.json', 'scripts/build.mjs', 'lib', 'functions']) {
      cpSync(join(ROOT, f), join(dir, f), { recursive: true })
    }
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
    const server = await startExporterProcess({
      command: 'npm',
      args: ['start', '--', '-redis.addr', redis.url, '-namespace', 'vianpm'],
      cwd: dir,
      env: { REDIS_ADDR: 'redis://127.0.0.1:1' },
    })
    try {
      expect(await (await fetch(`${server.url}/metrics`)).text()).toContain('\nvianpm_up 1\n')
    } finally {
      await server.stop()
    }
  }, 60_000)
})
