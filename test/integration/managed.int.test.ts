import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readSettingFiles } from '../../functions/node-secrets'
import type { EnvRecord } from '../../lib/config'
import { parseInfo } from '../../lib/parse/info'
import { newTargetState } from '../../lib/collect/target-state'
import { parseConfig } from '../../lib/config'
import { scrapeTarget } from '../../lib/scrape'
import { parseScrapeTarget } from '../../lib/target'
import { UpstashRestTransport } from '../../lib/transport/upstash-rest'
import type { Harness, HarnessScrape } from '../helpers/exporter-harness'
import { exporterHarness } from '../helpers/exporter-harness'
import { sampleValue } from '../helpers/prom-text'
import type { RedisServer } from '../helpers/redis-server'
import { startRedis } from '../helpers/redis-server'
import { startUpstashServer } from '../helpers/upstash-server'

const EC_PASSWORD = 'ec-pw-51c0e2'
const COLLECTORS = ['client', 'config', 'latency_latest', 'latency_histogram', 'slowlog']

async function stats(server: RedisServer): Promise<Record<string, string>> {
  return { ...parseInfo(String(await server.command('INFO', 'all'))) }
}

function calls(info: Record<string, string>, cmd: string): number {
  return Number(/calls=(\d+)/.exec(info[`cmdstat_${cmd}`] ?? '')?.[1] ?? 0)
}

function errorReplies(info: Record<string, string>): number {
  return Number(info['total_error_replies'])
}

function collectorValues(scrape: HarnessScrape, family: string): Record<string, number> {
  const samples = scrape.families.get(`redis_exporter_collector_${family}`)?.samples ?? []
  return Object.fromEntries(
    samples
      .filter((s) => !(s.labels['collector'] ?? '').startsWith('info_'))
      .map((s) => [s.labels['collector'], s.value])
  )
}

function unavailableLogs(exporter: Harness): unknown[] {
  return exporter.logs.filter((l) => String(l['msg']).startsWith('optional command unavailable'))
}

/**
 * Scrapes four times and checks the managed-service contract: redis_up 1 every time, and after the
 * first scrape no command the server refuses is sent again (its error counter stays flat).
 */
async function scrapeRepeatedly(server: RedisServer, env: EnvRecord) {
  const exporter = exporterHarness(env)
  const first = await exporter.scrape()
  const before = await stats(server)
  const later: HarnessScrape[] = []
  for (let i = 0; i < 3; i++) later.push(await exporter.scrape())
  const after = await stats(server)
  await exporter.close()
  for (const s of [first, ...later]) {
    expect(sampleValue(s.families, 'redis_up'), s.snapshot.error).toBe(1)
    expect(s.families.get('redis_exporter_last_scrape_error')?.samples[0]?.labels['err']).toBe('')
  }
  // One INFO by this helper sits between the two counters; it adds no error.
  expect(errorReplies(after) - errorReplies(before)).toBe(0)
  return { exporter, first, last: later[2]!, before, after }
}

describe('managed-service fixtures (real redis-server processes)', () => {
  let elasticache: RedisServer
  let serverless: RedisServer
  let acl: RedisServer
  let renamed: RedisServer

  beforeAll(async () => {
    ;[elasticache, serverless, acl, renamed] = await Promise.all([
      startRedis({ password: EC_PASSWORD, renameCommands: ['CONFIG'] }),
      startRedis({ renameCommands: ['CONFIG', 'SLOWLOG', 'LATENCY', 'MEMORY', 'CLIENT'] }),
      startRedis(),
      startRedis({
        args: ['--rename-command', 'CONFIG', 'cfg-7f3a', '--rename-command', 'SLOWLOG', 'slw-9c2e'],
      }),
    ])
    await acl.command('ACL', 'SETUSER', 'mini', 'on', '>mini-pw-0a', '-@all', '+info', '+ping')
    await acl.command(
      'ACL',
      'SETUSER',
      'svl',
      'on',
      '>svl-pw-77',
      '~*',
      '&*',
      '+@all',
      '-config',
      '-slowlog',
      '-latency',
      '-memory',
      '-client'
    )
  })
  afterAll(async () => {
    await Promise.all([elasticache, serverless, acl, renamed].map((s) => s?.stop()))
  })

  it('ElastiCache-like (password, CONFIG renamed away): up, limits from INFO, CONFIG blocked and logged once', async () => {
    const { exporter, first, last } = await scrapeRepeatedly(elasticache, {
      REDIS_ADDR: elasticache.url,
      REDIS_PASSWORD: EC_PASSWORD,
    })
    expect(sampleValue(last.families, 'redis_config_maxclients')).toBe(10000)
    expect(sampleValue(last.families, 'redis_memory_max_bytes')).toBe(0)
    expect(collectorValues(last, 'available')).toEqual({
      client: 1,
      config: 0,
      latency_latest: 1,
      latency_histogram: 1,
      slowlog: 1,
    })
    expect(collectorValues(last, 'success')).toMatchObject({ config: 0, slowlog: 1 })
    expect(collectorValues(first, 'available')['config']).toBe(0)
    expect(unavailableLogs(exporter)).toEqual([
      expect.objectContaining({
        level: 'warn',
        collector: 'config',
        command: expect.stringMatching(/^CONFIG GET maxmemory maxclients/),
        error: expect.stringMatching(/^ERR unknown command 'CONFIG'/),
        target: `redis://127.0.0.1:${elasticache.port}`,
      }),
    ])
    expect(JSON.stringify([first.text, last.text, exporter.logs])).not.toContain(EC_PASSWORD)
  })

  it('ElastiCache-Serverless-like (CONFIG, SLOWLOG, LATENCY, MEMORY, CLIENT renamed away): up, every optional collector blocked, six refusals once', async () => {
    const before = await stats(serverless)
    const { exporter, first, last } = await scrapeRepeatedly(serverless, {
      REDIS_ADDR: serverless.url,
    })
    // Four scrapes probe each optional command exactly once (CLIENT SETNAME, CONFIG GET,
    // LATENCY LATEST, LATENCY HISTOGRAM, SLOWLOG LEN, SLOWLOG GET), then never again.
    const afterAll4 = await stats(serverless)
    expect(errorReplies(afterAll4) - errorReplies(before)).toBe(6)
    for (const s of [first, last]) {
      expect(collectorValues(s, 'available')).toEqual(
        Object.fromEntries(COLLECTORS.map((c) => [c, 0]))
      )
      expect(collectorValues(s, 'success')).toEqual({
        config: 0,
        latency_latest: 0,
        latency_histogram: 0,
        slowlog: 0,
        client: 0,
      })
    }
    expect(last.families.has('redis_commands_total')).toBe(true)
    expect(last.families.has('redis_slowlog_length')).toBe(false)
    expect(
      unavailableLogs(exporter)
        .map((l) => (l as { collector: string }).collector)
        .sort()
    ).toEqual([...COLLECTORS].sort())
  })

  it('ElastiCache-Serverless-like through ACL (NOPERM): the same, and the ACL denial counter stays flat', async () => {
    const { exporter, last, before, after } = await scrapeRepeatedly(acl, {
      REDIS_ADDR: acl.url,
      REDIS_USER: 'svl',
      REDIS_PASSWORD: 'svl-pw-77',
    })
    expect(after['acl_access_denied_cmd']).toBe(before['acl_access_denied_cmd'])
    expect(collectorValues(last, 'available')).toEqual(
      Object.fromEntries(COLLECTORS.map((c) => [c, 0]))
    )
    expect(unavailableLogs(exporter)).toHaveLength(5)
    expect(unavailableLogs(exporter)).toContainEqual(
      expect.objectContaining({ collector: 'slowlog', error: expect.stringMatching(/^NOPERM/) })
    )
  })

  it('a minimal ACL user (+info +ping) degrades quietly: up, INFO families, every collector unavailable', async () => {
    const { exporter, last } = await scrapeRepeatedly(acl, {
      REDIS_ADDR: acl.url,
      REDIS_USER: 'mini',
      REDIS_PASSWORD: 'mini-pw-0a',
    })
    expect(collectorValues(last, 'available')).toEqual(
      Object.fromEntries(COLLECTORS.map((c) => [c, 0]))
    )
    expect(sampleValue(last.families, 'redis_connected_clients')).toBeGreaterThanOrEqual(1)
    expect(last.families.has('redis_commands_total')).toBe(true)
    expect(sampleValue(last.families, 'redis_config_maxclients')).toBe(10000)
    // Quietly: one line per blocked collector, nothing per scrape.
    expect(exporter.logs.filter((l) => l['level'] === 'warn')).toHaveLength(5)
  })

  it('sends renamed commands under their names (REDIS_EXPORTER_RENAMED_COMMANDS), without a single error', async () => {
    const before = await stats(renamed)
    const exporter = exporterHarness({
      REDIS_ADDR: renamed.url,
      REDIS_EXPORTER_RENAMED_COMMANDS: 'CONFIG=cfg-7f3a,SLOWLOG=slw-9c2e',
    })
    try {
      const scrape = await exporter.scrape()
      expect(collectorValues(scrape, 'available')).toMatchObject({ config: 1, slowlog: 1 })
      expect(sampleValue(scrape.families, 'redis_config_io_threads')).toBe(1)
      expect(sampleValue(scrape.families, 'redis_slowlog_length')).toBe(0)
    } finally {
      await exporter.close()
    }
    const afterStats = await stats(renamed)
    // On failure, say which command was refused.
    const errors = Object.entries(afterStats).filter(([k]) => k.startsWith('errorstat_'))
    expect(errorReplies(afterStats), JSON.stringify(errors)).toBe(errorReplies(before))
  })

  it('keeps REDIS_EXPORTER_CONFIG_COMMAND working', async () => {
    const exporter = exporterHarness({
      REDIS_ADDR: renamed.url,
      REDIS_EXPORTER_CONFIG_COMMAND: 'cfg-7f3a',
    })
    try {
      const scrape = await exporter.scrape()
      expect(collectorValues(scrape, 'available')).toMatchObject({ config: 1, slowlog: 0 })
      expect(sampleValue(scrape.families, 'redis_config_io_threads')).toBe(1)
    } finally {
      await exporter.close()
    }
  })

  it('applies per-target renames and the password map to several targets of one exporter', async () => {
    const before = await stats(elasticache)
    const exporter = exporterHarness({
      REDIS_ADDR: '',
      REDIS_EXPORTER_RENAMED_COMMANDS: JSON.stringify({
        '*': 'CONFIG=-',
        [`redis://127.0.0.1:${renamed.port}`]: 'CONFIG=cfg-7f3a,SLOWLOG=slw-9c2e',
      }),
      REDIS_PASSWORD_MAP: JSON.stringify({ [elasticache.url]: EC_PASSWORD }),
    })
    try {
      const ec = await exporter.scrape(parseScrapeTarget(elasticache.url))
      const ren = await exporter.scrape(parseScrapeTarget(renamed.url))
      expect(sampleValue(ec.families, 'redis_up')).toBe(1)
      expect(collectorValues(ec, 'available')['config']).toBeUndefined()
      expect(collectorValues(ren, 'available')).toMatchObject({ config: 1, slowlog: 1 })
    } finally {
      await exporter.close()
    }
    // CONFIG is never sent to the ElastiCache-like target: not even the first scrape errs there.
    expect(errorReplies(await stats(elasticache))).toBe(errorReplies(before))
  })

  it('turns optional collectors off (REDIS_EXPORTER_DISABLED_COLLECTORS): their commands are never sent', async () => {
    const before = await stats(acl)
    const exporter = exporterHarness({
      REDIS_ADDR: acl.url,
      REDIS_EXPORTER_DISABLED_COLLECTORS: 'slowlog,latency,client',
    })
    try {
      for (let i = 0; i < 3; i++) {
        const scrape = await exporter.scrape()
        expect(Object.keys(collectorValues(scrape, 'available'))).toEqual(['config'])
        expect(Object.keys(collectorValues(scrape, 'success'))).toEqual(['config'])
      }
    } finally {
      await exporter.close()
    }
    const after = await stats(acl)
    for (const cmd of [
      'slowlog|len',
      'slowlog|get',
      'latency|latest',
      'latency|histogram',
      'client|setname',
    ]) {
      expect(calls(after, cmd) - calls(before, cmd), cmd).toBe(0)
    }
  })

  describe('the password file (REDIS_PASSWORD_FILE, redis_exporter format)', () => {
    let dir: string
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'redis-pwfile-'))
    })
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    const withFile = (content: unknown, env: EnvRecord) => {
      const path = join(dir, `passwords-${Math.random().toString(36).slice(2)}.json`)
      writeFileSync(path, JSON.stringify(content))
      const full = { REDIS_PASSWORD_FILE: path, ...env }
      return exporterHarness(full, readSettingFiles(full))
    }

    it('authenticates per target: by URI, by user@URI, and by reference to an environment variable', async () => {
      const exporter = withFile(
        {
          [elasticache.url]: EC_PASSWORD,
          [`redis://mini@127.0.0.1:${acl.port}`]: { password_env: 'MINI_PASSWORD' },
        },
        { REDIS_ADDR: elasticache.url, MINI_PASSWORD: 'mini-pw-0a' }
      )
      try {
        const ec = await exporter.scrape()
        const mini = await exporter.scrape(parseScrapeTarget(`redis://mini@127.0.0.1:${acl.port}`))
        for (const s of [ec, mini])
          expect(sampleValue(s.families, 'redis_up'), s.snapshot.error).toBe(1)
        expect(JSON.stringify([ec.text, mini.text, exporter.logs])).not.toMatch(/51c0e2|mini-pw-0a/)
      } finally {
        await exporter.close()
      }
    })

    it('reports a wrong password from the file as WRONGPASS without printing it', async () => {
      const exporter = withFile(
        { [elasticache.url]: 'not-the-pw-4e' },
        { REDIS_ADDR: elasticache.url }
      )
      try {
        const scrape = await exporter.scrape()
        expect(sampleValue(scrape.families, 'redis_up')).toBe(0)
        expect(scrape.snapshot.failure).toBe('auth')
        expect(scrape.snapshot.error).toMatch(/^WRONGPASS/)
        expect(JSON.stringify([scrape.text, exporter.logs, scrape.snapshot])).not.toContain(
          'not-the-pw-4e'
        )
      } finally {
        await exporter.close()
      }
    })
  })

  it('Upstash over REST (the Upstash test server): up, optional collectors unavailable, one command per warm scrape', async () => {
    const upstash = await startUpstashServer({ redis: { port: acl.port } })
    try {
      const transport = new UpstashRestTransport({
        url: `${upstash.url}/t/managed`,
        token: upstash.token,
      })
      const config = parseConfig({ REDIS_ADDR: '' })
      const state = newTargetState()
      const logs: Record<string, unknown>[] = []
      const scrape = () =>
        scrapeTarget(transport, state, {
          config,
          timeoutSeconds: 2,
          now: Date.now,
          target: parseScrapeTarget('rediss://upstash.example:6379'),
          log: (e) => logs.push({ ...e }),
        })
      await scrape()
      const before = upstash.stats('managed')
      const warm = await scrape()
      const after = upstash.stats('managed')
      expect(warm.snapshot.up).toBe(true)
      expect(after.commands - before.commands).toBe(1)
      expect(after.requests - before.requests).toBe(1)
      expect(
        Object.fromEntries(
          [...(warm.snapshot.available ?? [])].filter(([k]) => !k.startsWith('info_'))
        )
      ).toEqual({
        config: false,
        latency_latest: false,
        latency_histogram: false,
        slowlog: false,
      })
      expect(JSON.stringify(logs)).not.toContain(upstash.token)
    } finally {
      await upstash.stop()
    }
  })
})
