import { describe, expect, it } from 'vitest'
import { collect } from '../../../lib/collect/collect'
import type { CollectOptions } from '../../../lib/collect/collect'
import { CONFIG_PARAMETERS, factsFromInfo } from '../../../lib/collect/plan'
import { UNAVAILABLE_RETRY_MS, newTargetState } from '../../../lib/collect/target-state'
import { TimeoutError, TransportError } from '../../../lib/errors'
import { parseInfo } from '../../../lib/parse/info'
import {
  CONFIG_VALUES,
  FakeRedis,
  INFO_6,
  INFO_CLUSTER,
  RUN_ID,
  withRunId,
} from '../../helpers/fake-redis'

const CONFIG_GET_7 = `CONFIG GET ${CONFIG_PARAMETERS.join(' ')}`
/** Round trip 1 of a target's first scrape: what needs no knowledge of the server. */
const FIRST_ROUND = ['INFO ALL', 'LATENCY LATEST', 'SLOWLOG LEN', 'SLOWLOG GET 1']
/** The one round trip of a later scrape on a Redis 7 whose CONFIG is cached. */
const WARM_ROUND = [
  'INFO ALL',
  'LATENCY LATEST',
  'LATENCY HISTOGRAM',
  'SLOWLOG LEN',
  'SLOWLOG GET 1',
]
/** The one round trip of a later scrape on a Redis 7 whose CONFIG must be asked again. */
const WARM_ROUND_WITH_CONFIG = [
  'INFO ALL',
  CONFIG_GET_7,
  'LATENCY LATEST',
  'LATENCY HISTOGRAM',
  'SLOWLOG LEN',
  'SLOWLOG GET 1',
]
const START_MS = 1_795_319_047_000

function setup(opts: Partial<CollectOptions> = {}, redis = new FakeRedis()) {
  const state = newTargetState()
  const clock = { ms: START_MS }
  const controller = new AbortController()
  const scrape = () =>
    collect(redis, state, {
      signal: controller.signal,
      now: () => clock.ms,
      excludeLatency: false,
      configCommand: 'CONFIG',
      configRefreshSeconds: 300,
      ...opts,
    })
  return { redis, state, clock, controller, scrape }
}

describe('collect on the first scrape of a target', () => {
  it('sends INFO ALL, LATENCY LATEST and SLOWLOG first, then CONFIG GET and LATENCY HISTOGRAM in one follow-up round trip', async () => {
    const { redis, scrape } = setup()
    const snap = await scrape()
    expect(redis.rounds).toEqual([FIRST_ROUND, [CONFIG_GET_7, 'LATENCY HISTOGRAM']])
    expect(snap.roundTrips).toBe(2)
    expect(snap.up).toBe(true)
    expect(snap.error).toBe('')
  })

  it('returns the parsed INFO, the CONFIG values and the replies of every step it sent', async () => {
    const { scrape } = setup()
    const snap = await scrape()
    expect(snap.info['redis_version']).toBe('7.0.15')
    expect(snap.info['db0']).toBe('keys=15,expires=3,avg_ttl=3599745')
    expect(snap.config).toEqual(CONFIG_VALUES)
    expect([...snap.replies.keys()].sort()).toEqual([
      'config',
      'info',
      'latency_histogram',
      'latency_latest',
      'slowlog_get',
      'slowlog_len',
    ])
    expect(snap.replies.get('slowlog_len')).toEqual([{ ok: true, value: 3 }])
    expect(snap.replies.get('latency_latest')).toEqual([
      { ok: true, value: [['command', 1795319046, 20, 20]] },
    ])
    expect(snap.unavailable).toEqual([])
  })

  it('remembers the server facts and the CONFIG values with their connection and time', async () => {
    const { state, scrape } = setup()
    await scrape()
    expect(state.facts).toEqual({
      runId: RUN_ID,
      version: '7.0.15',
      major: 7,
      minor: 0,
      clusterEnabled: false,
      sentinel: false,
    })
    expect(state.config).toEqual({
      values: CONFIG_VALUES,
      connectionId: 1,
      runId: RUN_ID,
      fetchedAtMs: START_MS,
    })
  })

  it('times connect() apart from the commands', async () => {
    const clock = { ms: START_MS }
    class ConnectingRedis extends FakeRedis {
      async connect(): Promise<boolean> {
        clock.ms += 250
        return true
      }
    }
    const redis = new ConnectingRedis()
    const state = newTargetState()
    const snap = await collect(redis, state, {
      signal: new AbortController().signal,
      now: () => clock.ms,
      excludeLatency: false,
      configCommand: 'CONFIG',
      configRefreshSeconds: 300,
    })
    expect(snap.up).toBe(true)
    expect(snap.connectSeconds).toBe(0.25)
  })
})

describe('collect on later scrapes of a known target', () => {
  it('sends everything in ONE round trip and reuses the cached CONFIG on the same connection', async () => {
    const { redis, scrape } = setup()
    await scrape()
    redis.config['maxclients'] = '20000'
    const snap = await scrape()
    expect(redis.rounds.slice(2)).toEqual([WARM_ROUND])
    expect(snap.roundTrips).toBe(1)
    expect(snap.config?.['maxclients']).toBe('10000')
    expect(snap.replies.has('config')).toBe(false)
  })

  it.each<[string, (ctx: ReturnType<typeof setup>) => void]>([
    ['a new connection', (ctx) => (ctx.redis.connection = 2)],
    ['exactly configRefreshSeconds', (ctx) => (ctx.clock.ms += 300_000)],
    ['an hour', (ctx) => (ctx.clock.ms += 3_600_000)],
  ])('asks CONFIG again, in the same single round trip, after %s', async (_when, change) => {
    const ctx = setup()
    await ctx.scrape()
    ctx.redis.config['maxclients'] = '20000'
    change(ctx)
    const snap = await ctx.scrape()
    expect(ctx.redis.rounds.slice(2)).toEqual([WARM_ROUND_WITH_CONFIG])
    expect(snap.roundTrips).toBe(1)
    expect(snap.config?.['maxclients']).toBe('20000')
    expect(ctx.state.config?.fetchedAtMs).toBe(ctx.clock.ms)
  })

  it.each<[string, (ctx: ReturnType<typeof setup>) => void]>([
    ['1 ms before configRefreshSeconds', (ctx) => (ctx.clock.ms += 299_999)],
    ['nothing changed', () => {}],
  ])('keeps the cached CONFIG when %s', async (_when, change) => {
    const ctx = setup()
    await ctx.scrape()
    change(ctx)
    const snap = await ctx.scrape()
    expect(ctx.redis.rounds.slice(2)).toEqual([WARM_ROUND])
    expect(snap.config).toEqual(CONFIG_VALUES)
    expect(ctx.state.config?.fetchedAtMs).toBe(START_MS)
  })
})

describe('collect and CLUSTER INFO', () => {
  it('never sends CLUSTER INFO when INFO says cluster_enabled:0', async () => {
    const { redis, scrape } = setup()
    await scrape()
    const snap = await scrape()
    expect(redis.rounds.flat()).not.toContain('CLUSTER INFO')
    expect(snap.info['cluster_enabled']).toBe('0')
    expect(snap.info['cluster_state']).toBeUndefined()
  })

  it('sends CLUSTER INFO in the follow-up round trip on first contact with a cluster node', async () => {
    const { redis, scrape } = setup()
    redis.info = INFO_CLUSTER
    const snap = await scrape()
    expect(redis.rounds).toEqual([FIRST_ROUND, [CONFIG_GET_7, 'LATENCY HISTOGRAM', 'CLUSTER INFO']])
    expect(snap.roundTrips).toBe(2)
  })

  it('merges the CLUSTER INFO fields into snapshot.info next to the INFO fields', async () => {
    const { redis, scrape } = setup()
    redis.info = INFO_CLUSTER
    const snap = await scrape()
    expect(snap.info).toMatchObject({
      redis_version: '7.0.15',
      cluster_enabled: '1',
      cluster_state: 'ok',
      cluster_slots_assigned: '16384',
      cluster_known_nodes: '1',
      total_cluster_links_buffer_limit_exceeded: '0',
    })
  })

  it('sends CLUSTER INFO in the single round trip once the node is known to be in a cluster', async () => {
    const { redis, scrape } = setup()
    redis.info = INFO_CLUSTER
    await scrape()
    const snap = await scrape()
    expect(redis.rounds.slice(2)).toEqual([[...WARM_ROUND, 'CLUSTER INFO']])
    expect(snap.info['cluster_state']).toBe('ok')
  })

  it('keeps the INFO fields when CLUSTER INFO fails', async () => {
    const { redis, scrape } = setup()
    redis.info = INFO_CLUSTER
    redis.errors.set('CLUSTER INFO', 'ERR This instance has cluster support disabled')
    const snap = await scrape()
    expect(snap.up).toBe(true)
    expect(snap.info['redis_version']).toBe('7.0.15')
    expect(snap.info['cluster_state']).toBeUndefined()
  })
})

describe('collect and optional commands the server refuses', () => {
  it.each([
    ["ERR unknown command 'LATENCY', with args beginning with: 'LATEST' "],
    ["NOPERM this user has no permissions to run the 'latency|latest' command"],
    ["ERR unknown subcommand 'LATEST'. Try LATENCY HELP."],
  ])('leaves LATENCY LATEST out of the next scrape after %j', async (error) => {
    const { redis, scrape } = setup()
    redis.errors.set('LATENCY LATEST', error)
    const first = await scrape()
    expect(first.up).toBe(true)
    expect(first.replies.get('latency_latest')).toEqual([{ ok: false, error }])
    const second = await scrape()
    expect(redis.rounds.slice(2)).toEqual([
      ['INFO ALL', 'LATENCY HISTOGRAM', 'SLOWLOG LEN', 'SLOWLOG GET 1'],
    ])
    expect(second.unavailable).toEqual(['latency_latest'])
    expect(second.replies.has('latency_latest')).toBe(false)
  })

  it.each([
    ['LOADING Redis is loading the dataset in memory'],
    ['BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.'],
    ['ERR something transient'],
  ])('sends LATENCY LATEST again on the next scrape after %j', async (error) => {
    const { redis, scrape } = setup()
    redis.errors.set('LATENCY LATEST', error)
    await scrape()
    const second = await scrape()
    expect(redis.rounds.slice(2)).toEqual([WARM_ROUND])
    expect(second.unavailable).toEqual([])
  })

  it('leaves out both LATENCY steps when the LATENCY command does not exist', async () => {
    const { redis, scrape } = setup()
    redis.errors.set('LATENCY', "ERR unknown command 'LATENCY', with args beginning with: ")
    await scrape()
    const second = await scrape()
    expect(redis.rounds.slice(2)).toEqual([['INFO ALL', 'SLOWLOG LEN', 'SLOWLOG GET 1']])
    expect([...second.unavailable].sort()).toEqual(['latency_histogram', 'latency_latest'])
  })

  it('leaves CONFIG out and reports no CONFIG values when the server refuses CONFIG', async () => {
    const { redis, state, scrape } = setup()
    redis.errors.set('CONFIG', "ERR unknown command 'CONFIG', with args beginning with: 'GET' ")
    const first = await scrape()
    expect(first.config).toBeUndefined()
    expect(state.config).toBeUndefined()
    redis.connection = 2
    const second = await scrape()
    expect(redis.rounds.slice(2)).toEqual([WARM_ROUND])
    expect(second.unavailable).toEqual(['config'])
    expect(second.config).toBeUndefined()
  })

  it('probes a refused command again once UNAVAILABLE_RETRY_MS has passed', async () => {
    const { redis, clock, scrape } = setup()
    redis.errors.set('LATENCY LATEST', "ERR unknown command 'LATENCY'")
    await scrape()
    clock.ms += UNAVAILABLE_RETRY_MS - 1
    await scrape()
    expect(redis.rounds.at(-1)).not.toContain('LATENCY LATEST')
    redis.errors.clear()
    clock.ms += 1
    const snap = await scrape()
    expect(redis.rounds.at(-1)).toContain('LATENCY LATEST')
    expect(snap.replies.get('latency_latest')?.[0]?.ok).toBe(true)
    expect(snap.unavailable).toEqual([])
  })

  it('forgets refused commands when run_id changes and probes them in a follow-up round trip', async () => {
    const { redis, state, scrape } = setup()
    redis.errors.set('LATENCY LATEST', "ERR unknown command 'LATENCY'")
    await scrape()
    redis.errors.clear()
    redis.info = withRunId(redis.info, 'f'.repeat(40))
    const snap = await scrape()
    expect(redis.rounds[2]).not.toContain('LATENCY LATEST')
    expect(redis.rounds[3]).toContain('LATENCY LATEST')
    expect(snap.roundTrips).toBe(2)
    expect(snap.replies.get('latency_latest')?.[0]?.ok).toBe(true)
    expect(snap.unavailable).toEqual([])
    expect(state.facts?.runId).toBe('f'.repeat(40))
    expect(state.unavailable.size).toBe(0)
  })

  it('asks CONFIG again in the follow-up when run_id changes on the same connection', async () => {
    const { redis, scrape } = setup()
    await scrape()
    redis.info = withRunId(redis.info, 'e'.repeat(40))
    const snap = await scrape()
    expect(redis.rounds[2]).not.toContain(CONFIG_GET_7)
    expect(redis.rounds[3]).toContain(CONFIG_GET_7)
    expect(snap.config).toEqual(CONFIG_VALUES)
  })

  it('does not serve CONFIG values cached on an earlier connection once CONFIG is refused', async () => {
    const { redis, scrape } = setup()
    await scrape()
    redis.connection = 2
    redis.errors.set(
      'CONFIG',
      "NOPERM this user has no permissions to run the 'config|get' command"
    )
    const refused = await scrape()
    expect(refused.config).toBeUndefined()
    const later = await scrape()
    expect(later.unavailable).toEqual(['config'])
    expect(later.config).toBeUndefined()
  })
})

describe('collect when INFO fails', () => {
  it.each([
    ['NOAUTH Authentication required.'],
    ['WRONGPASS invalid username-password pair or user is disabled.'],
    ["NOPERM this user has no permissions to run the 'info' command"],
    ['LOADING Redis is loading the dataset in memory'],
  ])('gives up:false with the exact error and no fallback for %j', async (error) => {
    const { redis, state, scrape } = setup()
    redis.errors.set('INFO', error)
    const snap = await scrape()
    expect(snap.up).toBe(false)
    expect(snap.error).toBe(error)
    expect(snap.info).toEqual({})
    expect(snap.roundTrips).toBe(1)
    expect(redis.rounds).toEqual([FIRST_ROUND])
    expect(state.facts).toBeUndefined()
  })

  it('falls back to plain INFO when INFO ALL fails with another error', async () => {
    const { redis, scrape } = setup()
    redis.errors.set('INFO ALL', 'ERR syntax error')
    const snap = await scrape()
    expect(redis.rounds).toEqual([FIRST_ROUND, ['INFO'], [CONFIG_GET_7, 'LATENCY HISTOGRAM']])
    expect(snap.roundTrips).toBe(3)
    expect(snap.up).toBe(true)
    expect(snap.info['redis_version']).toBe('7.0.15')
  })

  it('gives up:false with the error of plain INFO when the fallback fails too', async () => {
    const { redis, scrape } = setup()
    redis.errors.set('INFO', "ERR unknown command 'INFO', with args beginning with: ")
    const snap = await scrape()
    expect(redis.rounds).toEqual([FIRST_ROUND, ['INFO']])
    expect(snap.up).toBe(false)
    expect(snap.error).toBe("ERR unknown command 'INFO', with args beginning with: ")
  })

  it.each([[''], ['\r\n']])('gives up:false when INFO answers %j', async (text) => {
    const { redis, scrape } = setup()
    redis.info = text
    const snap = await scrape()
    expect(snap.up).toBe(false)
    expect(snap.error).toBe('INFO returned no data')
  })
})

describe('collect when the transport fails', () => {
  it.each<[string, unknown, string]>([
    [
      'a TransportError',
      new TransportError('connect ECONNREFUSED 127.0.0.1:6379'),
      'connect ECONNREFUSED 127.0.0.1:6379',
    ],
    ['an Error without a message', new TransportError(''), 'TransportError'],
    ['a thrown string', 'socket closed', 'socket closed'],
  ])('gives up:false with the message when send rejects with %s', async (_what, err, text) => {
    const { redis, scrape } = setup()
    redis.failWith = err
    const snap = await scrape()
    expect(snap.up).toBe(false)
    expect(snap.error).toBe(text)
    expect(snap.info).toEqual({})
    expect(snap.unavailable).toEqual([])
  })

  it('gives up:false with the message when connect() rejects', async () => {
    class Unreachable extends FakeRedis {
      async connect(): Promise<boolean> {
        throw new TransportError('connect ETIMEDOUT 10.0.0.1:6379')
      }
    }
    const { redis, scrape } = setup({}, new Unreachable())
    const snap = await scrape()
    expect(snap.up).toBe(false)
    expect(snap.error).toBe('connect ETIMEDOUT 10.0.0.1:6379')
    expect(redis.rounds).toEqual([])
  })

  it('gives up:false with the deadline reason when the signal aborts during a round trip', async () => {
    const { redis, controller, scrape } = setup()
    redis.hang = true
    setTimeout(() => controller.abort(new TimeoutError('scrape deadline of 0.05s exceeded')), 20)
    const snap = await scrape()
    expect(snap.up).toBe(false)
    expect(snap.error).toBe('scrape deadline of 0.05s exceeded')
  })

  it('gives up:false when the signal is already aborted', async () => {
    const { controller, scrape } = setup()
    controller.abort(new TimeoutError('scrape deadline of 1s exceeded'))
    const snap = await scrape()
    expect(snap.up).toBe(false)
    expect(snap.error).toBe('scrape deadline of 1s exceeded')
  })

  it('skips the follow-up round trip when the deadline passes after INFO answered', async () => {
    const { redis, controller, scrape } = setup()
    redis.afterSend = () => controller.abort(new TimeoutError('late'))
    const snap = await scrape()
    expect(redis.rounds).toEqual([FIRST_ROUND])
    expect(snap.up).toBe(true)
    expect(snap.roundTrips).toBe(1)
    expect(snap.config).toBeUndefined()
  })
})

describe('collect options', () => {
  it('leaves out LATENCY LATEST and LATENCY HISTOGRAM with excludeLatency', async () => {
    const { redis, scrape } = setup({ excludeLatency: true })
    await scrape()
    const snap = await scrape()
    expect(redis.rounds).toEqual([
      ['INFO ALL', 'SLOWLOG LEN', 'SLOWLOG GET 1'],
      [CONFIG_GET_7],
      ['INFO ALL', 'SLOWLOG LEN', 'SLOWLOG GET 1'],
    ])
    expect(snap.replies.has('latency_latest')).toBe(false)
    expect(snap.replies.has('latency_histogram')).toBe(false)
  })

  it('never sends CONFIG when configCommand is undefined, not even on a new connection', async () => {
    const { redis, scrape } = setup({ configCommand: undefined })
    const first = await scrape()
    redis.connection = 2
    const second = await scrape()
    expect(redis.rounds).toEqual([FIRST_ROUND, ['LATENCY HISTOGRAM'], WARM_ROUND])
    expect(first.config).toBeUndefined()
    expect(second.config).toBeUndefined()
    expect(second.unavailable).toEqual([])
  })

  it('sends CONFIG under the renamed command name', async () => {
    const redis = new FakeRedis()
    redis.configName = 'xyzcfg'
    const { scrape } = setup({ configCommand: 'xyzcfg' }, redis)
    const snap = await scrape()
    expect(redis.rounds[1]).toEqual([
      `xyzcfg GET ${CONFIG_PARAMETERS.join(' ')}`,
      'LATENCY HISTOGRAM',
    ])
    expect(snap.config).toEqual(CONFIG_VALUES)
  })
})

describe('collect on Redis 6', () => {
  const perParameter = CONFIG_PARAMETERS.map((p) => `CONFIG GET ${p}`)

  it('asks each CONFIG parameter in its own command and never sends LATENCY HISTOGRAM', async () => {
    const { redis, scrape } = setup()
    redis.info = INFO_6
    const snap = await scrape()
    expect(redis.rounds).toEqual([FIRST_ROUND, perParameter])
    expect(snap.config).toEqual(CONFIG_VALUES)
    expect(snap.replies.has('latency_histogram')).toBe(false)
  })

  it('sends the per-parameter CONFIG GETs in the single round trip when the facts are known', async () => {
    const { redis, state, scrape } = setup()
    redis.info = INFO_6
    state.facts = factsFromInfo(parseInfo(INFO_6))
    expect(state.facts?.major).toBe(6)
    const snap = await scrape()
    expect(redis.rounds).toEqual([
      ['INFO ALL', ...perParameter, 'LATENCY LATEST', 'SLOWLOG LEN', 'SLOWLOG GET 1'],
    ])
    expect(snap.roundTrips).toBe(1)
    expect(snap.config).toEqual(CONFIG_VALUES)
  })

  it('keeps no CONFIG values when one of the per-parameter commands fails', async () => {
    const { redis, state, scrape } = setup()
    redis.info = INFO_6
    redis.errors.set('CONFIG GET io-threads', 'ERR temporarily unavailable')
    const snap = await scrape()
    expect(snap.config).toBeUndefined()
    expect(state.config).toBeUndefined()
  })
})
