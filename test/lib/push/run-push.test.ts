import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../../lib/config'
import { TransportError } from '../../../lib/errors'
import { newPushState, runPush } from '../../../lib/push/run-push'
import type { PushSink, PushTarget, TargetResult } from '../../../lib/push/types'
import { parseTarget } from '../../../lib/target'
import type { RedisTransport } from '../../../lib/transport/transport'
import type { FakeMode } from '../../helpers/fake-redis'
import { FakeRedis } from '../../helpers/fake-redis'

const config = parseConfig({ REDIS_ADDR: '', REDIS_EXPORTER_SCRAPE_TIMEOUT: '30s' })

const target = (id: string, dimensions: Record<string, string> = {}): PushTarget => ({
  target: parseTarget(`redis://${id}`),
  id,
  dimensions,
})

function recordingSink(name = 'rec') {
  const calls: TargetResult[][] = []
  const sink: PushSink = {
    name,
    async send(results) {
      calls.push([...results])
      return { sink: name, ok: true, sent: results.length, errors: [] }
    },
  }
  return { sink, calls }
}

/** A transport whose round trips take `ms` more. */
function slow(fake: FakeRedis, ms: number): RedisTransport {
  return {
    send: async (commands, opts) => {
      await new Promise((resolve) => setTimeout(resolve, ms))
      return fake.send(commands, opts)
    },
    connectionId: () => fake.connectionId(),
  }
}

function transports(modes: Record<string, FakeMode | RedisTransport>) {
  const made = new Map<string, RedisTransport>()
  return (t: { id: string }): RedisTransport => {
    let tr = made.get(t.id)
    if (!tr) {
      const mode = modes[t.id] ?? 'ok'
      if (typeof mode === 'string') {
        const fake = new FakeRedis()
        fake.setMode(mode)
        tr = fake
      } else tr = mode
      made.set(t.id, tr)
    }
    return tr
  }
}

const upOf = (r: TargetResult) => r.families.find((f) => f.name === 'redis_up')?.samples[0]?.value

describe('runPush', () => {
  it('collects every target; a refused and a hanging one are sent with up 0, within the deadline', async () => {
    const { sink, calls } = recordingSink()
    const logs: Record<string, unknown>[] = []
    const started = Date.now()
    const result = await runPush({
      targets: [target('a:1'), target('b:2'), target('c:3')],
      getTransport: transports({ 'b:2': 'refuse', 'c:3': 'hang' }),
      config,
      sinks: [sink],
      state: newPushState(),
      deadlineMs: started + 1000,
      log: (e) => logs.push({ ...e }),
    })
    // The hanging target is cut off so the sinks still run before the deadline.
    expect(Date.now() - started).toBeLessThan(1000)
    expect(result.targets.map((t) => [t.id, t.up])).toEqual([
      ['a:1', true],
      ['b:2', false],
      ['c:3', false],
    ])
    expect(calls).toHaveLength(1)
    expect(calls[0]!.map(upOf)).toEqual([1, 0, 0])
    expect(result.ok).toBe(false)
    expect(result.failures).toEqual([
      'target b:2: connect ECONNREFUSED 127.0.0.1:1',
      expect.stringMatching(/^target c:3: scrape deadline of 0\.\d+s exceeded/),
    ])
    expect(logs.filter((l) => l['msg'] === 'target down').map((l) => l['target'])).toEqual([
      'b:2',
      'c:3',
    ])
  })

  it('reports a target whose credentials cannot be read, without connecting to it', async () => {
    const { sink, calls } = recordingSink()
    const connected: string[] = []
    const result = await runPush({
      targets: [target('a:1'), target('b:2')],
      prepare: async (t) => {
        if (t.id === 'b:2') throw new Error('secret redis/b holds no password')
        return t
      },
      getTransport: (t) => {
        connected.push(t.id)
        return new FakeRedis()
      },
      config,
      sinks: [sink],
      state: newPushState(),
    })
    expect(connected).toEqual(['a:1'])
    expect(result.failures).toEqual(['target b:2: credentials: secret redis/b holds no password'])
    expect(calls[0]!.map(upOf)).toEqual([1, 0])
  })

  it.each<[string, (t: PushTarget) => PushTarget | Promise<PushTarget>]>([
    ['at once', (t) => t],
    ['as a promise', async (t) => t],
    ['as a thenable', (t) => ({ then: (ok: (v: PushTarget) => void) => ok(t) }) as never],
  ])('uses a target prepare gives %s', async (_how, give) => {
    const { sink, calls } = recordingSink()
    const result = await runPush({
      targets: [target('a:1'), target('b:2')],
      prepare: (t) => (t.id === 'b:2' ? give(t) : t),
      getTransport: () => new FakeRedis(),
      config,
      sinks: [sink],
      state: newPushState(),
    })
    expect(result.failures).toEqual([])
    expect(calls[0]!.map(upOf)).toEqual([1, 1])
  })

  it('reports a target whose prepare throws at once, and bounds one that never answers', async () => {
    const { sink, calls } = recordingSink()
    const result = await runPush({
      targets: [target('a:1'), target('b:2'), target('c:3')],
      prepare: (t) => {
        if (t.id === 'b:2') throw new Error('environment variable B_PASS is not set or empty')
        return t.id === 'c:3' ? new Promise<PushTarget>(() => undefined) : t
      },
      getTransport: () => new FakeRedis(),
      config: { ...config, scrapeTimeoutSeconds: 0.1 },
      sinks: [sink],
      state: newPushState(),
    })
    expect(result.failures).toEqual([
      'target b:2: credentials: environment variable B_PASS is not set or empty',
      'target c:3: credentials: reading the credentials of c:3 took over 0.1s',
    ])
    expect(calls[0]!.map(upOf)).toEqual([1, 0, 0])
  })

  it('starts the slowest targets of the last push first, and keeps the results in order', async () => {
    const delays: Record<string, number> = { 'a:1': 15, 'b:2': 80, 'c:3': 40 }
    const started: string[] = []
    const state = newPushState()
    const push = () =>
      runPush({
        targets: [target('a:1'), target('b:2'), target('c:3'), target('d:4')],
        getTransport: (t) => {
          started.push(t.id)
          return slow(new FakeRedis(), delays[t.id] ?? 0)
        },
        config,
        sinks: [recordingSink().sink],
        state,
      })
    const first = await push()
    expect(started).toEqual(['a:1', 'b:2', 'c:3', 'd:4'])
    started.length = 0
    const second = await push()
    expect(started).toEqual(['b:2', 'c:3', 'a:1', 'd:4'])
    expect(second.targets.map((t) => t.id)).toEqual(first.targets.map((t) => t.id))
    expect(second.targets.every((t) => t.up)).toBe(true)
  })

  it('keeps going when a sink throws, and reports it', async () => {
    const good = recordingSink('good')
    const broken: PushSink = {
      name: 'broken',
      send: () => Promise.reject(new Error('boom')),
    }
    const result = await runPush({
      targets: [target('a:1')],
      getTransport: transports({}),
      config,
      sinks: [broken, good.sink],
      state: newPushState(),
    })
    expect(result.sinks.map((s) => [s.sink, s.ok])).toEqual([
      ['broken', false],
      ['good', true],
    ])
    expect(result.failures).toEqual(['broken: Error: boom'])
    expect(good.calls).toHaveLength(1)
  })

  it('hands the previous sample and the last known role to the next push of the same state', async () => {
    const state = newPushState()
    const { sink, calls } = recordingSink()
    let clock = 1_000_000
    const modes: Record<string, FakeMode> = {}
    const fake = new FakeRedis()
    const run = () =>
      runPush({
        targets: [target('a:1', { env: 'x' })],
        getTransport: () => {
          fake.setMode(modes['a:1'] ?? 'ok')
          return fake
        },
        config,
        sinks: [sink],
        state,
        now: () => clock,
        timestampMs: 42,
      })
    await run()
    clock += 60_000
    await run()
    modes['a:1'] = 'refuse'
    clock += 60_000
    await run()
    const [first, second, third] = calls.map((c) => c[0]!)
    expect(first!.previous).toBeUndefined()
    expect(first).toMatchObject({ role: 'master', timestampMs: 42, collectedAtMs: 1_000_000 })
    expect(second!.previous?.timestampMs).toBe(1_000_000)
    expect(second!.previous?.families).toBe(first!.families)
    expect(second!.runId).toBe(first!.runId)
    // Down: no previous handed on (no rates), but the role is remembered for the dimensions.
    expect(third).toMatchObject({ up: false, role: 'master', dimensions: { env: 'x' } })
    expect(third!.previous).toBeUndefined()
  })

  it('logs a target that stays down once, then once a minute with the count, then its recovery', async () => {
    const state = newPushState()
    const fake = new FakeRedis()
    fake.setMode('refuse')
    const logs: Record<string, unknown>[] = []
    let clock = 0
    const push = () =>
      runPush({
        targets: [target('a:1')],
        getTransport: () => fake,
        config,
        sinks: [],
        state,
        now: () => clock,
        deadlineMs: clock + 60_000,
        log: (e) => logs.push({ ...e }),
      })
    // A push every 10 s for 5 minutes (a high-frequency schedule), all failing.
    for (let i = 0; i < 30; i++) {
      clock = i * 10_000
      expect((await push()).failures).toEqual(['target a:1: connect ECONNREFUSED 127.0.0.1:1'])
    }
    fake.setMode('ok')
    clock = 300_000
    expect((await push()).ok).toBe(true)
    const lines = logs.filter((l) => l['msg'] === 'target down' || l['msg'] === 'target recovered')
    expect(lines.map((l) => [l['msg'], l['failures_since_last_log'] ?? l['failures']])).toEqual([
      ['target down', undefined],
      ['target down', 6],
      ['target down', 6],
      ['target down', 6],
      ['target down', 6],
      ['target recovered', 30],
    ])
    expect(lines[0]).toEqual({
      level: 'warn',
      msg: 'target down',
      target: 'a:1',
      error: 'connect ECONNREFUSED 127.0.0.1:1',
    })
    expect(lines.at(-1)).toMatchObject({ level: 'info', target: 'a:1', down_seconds: 300 })
  })

  it('never puts a password into an error', async () => {
    const leaky: RedisTransport = {
      send: () =>
        Promise.reject(new TransportError('WRONGPASS for redis://app:pw-7781@a:1 (pw-7781)')),
    }
    const withPassword: PushTarget = {
      ...target('a:1'),
      target: { ...parseTarget('redis://a:1'), password: 'pw-7781' },
    }
    const result = await runPush({
      targets: [withPassword],
      getTransport: () => leaky,
      config,
      sinks: [],
      state: newPushState(),
    })
    expect(JSON.stringify(result)).not.toContain('pw-7781')
    expect(result.failures[0]).toContain('<redacted>')
  })
})
