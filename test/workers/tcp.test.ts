import { describe, expect, it } from 'vitest'
import type { ParsedFamily } from '../helpers/prom-text'
import { captureLogs, expectNoSecrets, h, metrics, sampleValue, tcpEnv } from './support'

/** Commands Redis counted per `cmd` label, from a scrape's own redis_commands_total. */
function commandCounts(families: Map<string, ParsedFamily>): Map<string, number> {
  const out = new Map<string, number>()
  for (const s of families.get('redis_commands_total')?.samples ?? [])
    out.set(s.labels['cmd'] ?? '', s.value)
  return out
}

describe('/metrics from a TCP Redis through the lean RESP client under nodejs_compat, in workerd', () => {
  const env = tcpEnv()

  it('opens a fresh connection per request and closes it before the request ends', async () => {
    const pages = []
    for (let i = 0; i < 6; i++) pages.push((await metrics(env)).families)
    for (const [i, families] of pages.entries()) {
      expect(sampleValue(families, 'redis_up')).toBe(1)
      expect(sampleValue(families, 'redis_db_keys', { db: 'db0' })).toBe(10)
      // Only this request's own connection is open: every earlier one was closed.
      expect(sampleValue(families, 'redis_connected_clients')).toBe(1)
      // Measured, never negative. Not always > 0: workerd's clock moves only with I/O, in whole
      // milliseconds, and the lean client's local connect + AUTH often fits in one.
      expect(
        sampleValue(families, 'redis_exporter_last_scrape_connect_time_seconds')
      ).toBeGreaterThanOrEqual(0)
      if (i > 0) {
        const received = (f: Map<string, ParsedFamily>) =>
          sampleValue(f, 'redis_connections_received_total') ?? 0
        expect(received(families) - received(pages[i - 1]!)).toBe(1)
      }
    }
  })

  it('costs a connection plus AUTH, CLIENT SETNAME and CONFIG GET per scrape (all per connection)', async () => {
    const before = commandCounts((await metrics(env)).families)
    const n = 5
    for (let i = 0; i < n - 1; i++) await metrics(env)
    const after = commandCounts((await metrics(env)).families)
    const perScrape: Record<string, number> = {}
    for (const [cmd, count] of after) {
      const delta = count - (before.get(cmd) ?? 0)
      if (delta > 0) perScrape[cmd] = delta / n
    }
    expect(perScrape).toEqual({
      auth: 1,
      'client|setname': 1,
      'config|get': 1,
      info: 1,
      'latency|latest': 1,
      // Asked by the first scrape of this file, then reused for
      // REDIS_EXPORTER_LATENCY_REFRESH_INTERVAL (30 s): the isolate keeps the target's state.
      'slowlog|len': 1,
      'slowlog|get': 1,
    })
  })

  it('runs the key, stream, count and script checks (their code loaded on demand)', async () => {
    const { families } = await metrics(
      tcpEnv({
        REDIS_EXPORTER_CHECK_SINGLE_KEYS: 'db0=mylist,db1=db1list',
        REDIS_EXPORTER_CHECK_SINGLE_STREAMS: 'db0=mystream',
        REDIS_EXPORTER_COUNT_KEYS: 'db0=my*',
        REDIS_EXPORTER_SCRIPT_TEXT: '{"w.lua": "return {\'one\', \'1\'}"}',
      })
    )
    expect(sampleValue(families, 'redis_up')).toBe(1)
    expect(sampleValue(families, 'redis_key_size', { db: 'db0', key: 'mylist' })).toBe(3)
    expect(sampleValue(families, 'redis_key_size', { db: 'db1', key: 'db1list' })).toBe(5)
    expect(sampleValue(families, 'redis_stream_length', { db: 'db0', stream: 'mystream' })).toBe(3)
    expect(sampleValue(families, 'redis_keys_count', { db: 'db0', key: 'my*' })).toBe(6)
    expect(sampleValue(families, 'redis_script_values', { key: 'one', filename: 'w.lua' })).toBe(1)
  })

  it('reports the cost in wall time next to the REST transport', async () => {
    const times: number[] = []
    for (let i = 0; i < 10; i++) times.push((await metrics(env)).ms)
    times.sort((a, b) => a - b)
    console.info(
      `TCP scrape wall time in workerd (local Redis): median ${times[5]} ms, max ${times.at(-1)} ms`
    )
    expect(times[5]).toBeLessThan(1_000)
  })

  it('reports a refused connection as redis_up 0 with the reason, never the password', async () => {
    const { result, logs } = await captureLogs(() =>
      metrics(
        tcpEnv({
          REDIS_ADDR: `redis://127.0.0.1:${h.closedPort}`,
          REDIS_EXPORTER_CONNECTION_TIMEOUT: '1s',
        })
      )
    )
    expect(sampleValue(result.families, 'redis_up')).toBe(0)
    const err = result.families.get('redis_exporter_last_scrape_error')?.samples[0]?.labels['err']
    expect(err).toMatch(/ECONNREFUSED|connect|refused/i)
    expectNoSecrets(result.text + logs.join('\n'))
  })

  it('reports a wrong password as redis_up 0 with WRONGPASS, never the password', async () => {
    const { result, logs } = await captureLogs(() =>
      metrics(tcpEnv({ REDIS_PASSWORD: 'wrong-password-5551' }))
    )
    expect(sampleValue(result.families, 'redis_up')).toBe(0)
    expect(result.text).toMatch(/WRONGPASS|invalid username-password/)
    expect(result.text + logs.join('\n')).not.toContain('wrong-password-5551')
  })
})
