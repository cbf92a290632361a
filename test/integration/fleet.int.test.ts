// A fleet of 1,000 Redis targets pushed through N shards on loopback (issue 15). The servers are
// fake (test/helpers/fleet-main.ts: one child process, one port each, captured INFO texts; some
// drop every connection, some answer late). Each shard is one invocation of the real Lambda push
// handler with its own pool and state, as its own warm container would be: the shards run
// concurrently in this process, which checks what sharding must guarantee (every target exactly
// once, stable, minimal movement, isolation) without N Node start-ups in a CI budget. Wall time
// across separate processes is bench/fleet.ts's job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPushHandler } from '../../functions/lambda-push-handler'
import type { PushOutcome } from '../../functions/lambda-push-handler'
import type { Fleet } from '../helpers/fleet'
import { spread, startFleet } from '../helpers/fleet'

const TARGETS = 1000
const ADDED = 10
const SHARDS = 4
const FAILING = spread(TARGETS + ADDED, 20, 3)
const SLOW = spread(TARGETS + ADDED, 20, 7)
const SLOW_MS = 100

let fleet: Fleet
beforeAll(async () => {
  fleet = await startFleet({
    targets: TARGETS + ADDED,
    failing: FAILING,
    slow: SLOW,
    slowMs: SLOW_MS,
  })
}, 60_000)
afterAll(async () => {
  await fleet?.stop()
})

const idOf = (i: number) => `cache-${i}`

/** REDIS_EXPORTER_TARGETS of the first `n` servers, each named as a platform team would. */
const targetList = (n: number) =>
  fleet.ports
    .slice(0, n)
    .map((port, i) => `redis://127.0.0.1:${port}?name=${idOf(i)}`)
    .join(' ')

/** N warm containers of the push function, one per shard, each with its own pool and state. */
function containers(n: number, targets: number) {
  /** The shard whose EMF writes fail (its log stream is gone), -1 for none. */
  const broken = { shard: -1 }
  return Array.from({ length: n }, (_, shard) => {
    const docs: Record<string, unknown>[] = []
    const env = {
      REDIS_ADDR: '',
      REDIS_EXPORTER_TARGETS: targetList(targets),
      REDIS_EXPORTER_PUSH_SHARDS: String(n),
      REDIS_EXPORTER_PUSH_DISCOVER_NODES: 'off',
      // Every shard shares this one thread here (on Lambda each has its own CPU): a target may
      // wait behind the 999 others for its turn on the CPU.
      REDIS_EXPORTER_SCRAPE_TIMEOUT: '20s',
      REDIS_EXPORTER_CONNECTION_TIMEOUT: '3s',
    }
    const push = createPushHandler(env, {
      log: () => undefined,
      write: async (line) => {
        if (shard === broken.shard) throw new Error('log stream gone')
        docs.push(JSON.parse(line) as Record<string, unknown>)
      },
    })
    return { shard, docs, push, broken }
  })
}

type Container = ReturnType<typeof containers>[number]

/** One scheduled minute: every shard's schedule fires at once; resolves with every outcome. */
async function minute(all: readonly Container[], at: Date): Promise<PushOutcome[]> {
  for (const c of all) c.docs.length = 0
  return Promise.all(
    all.map((c) =>
      c.push.handler(
        {
          source: 'scheduler',
          scheduledTime: at.toISOString(),
          scheduleArn: `arn:aws:scheduler:us-east-1:123456789012:schedule/default/push-${c.shard}`,
          shard: c.shard,
          of: all.length,
        },
        { getRemainingTimeInMillis: () => 40_000 }
      )
    )
  )
}

/** Which shard reported each target (throws on a target reported twice). */
function reportedBy(outcomes: readonly PushOutcome[]): Map<string, number> {
  const by = new Map<string, number>()
  outcomes.forEach((o, shard) => {
    for (const t of o.targets) {
      expect(by.has(t.id), `${t.id} reported by shards ${by.get(t.id)} and ${shard}`).toBe(false)
      by.set(t.id, shard)
    }
  })
  return by
}

describe(`a fleet of ${TARGETS} targets pushed through ${SHARDS} shards`, () => {
  let warm: Container[]
  let first: Map<string, number>
  afterAll(async () => {
    await Promise.all((warm ?? []).map((c) => c.push.close()))
  })

  it('reports every target exactly once per run, the failing ones down, the slow ones up', async () => {
    warm = containers(SHARDS, TARGETS)
    const outcomes = await minute(warm, new Date('2026-12-01T10:00:00Z'))
    first = reportedBy(outcomes)
    expect(first.size).toBe(TARGETS)
    const state = new Map(outcomes.flatMap((o) => o.targets.map((t) => [t.id, t] as const)))
    for (let i = 0; i < TARGETS; i++) {
      const t = state.get(idOf(i))
      expect(t?.up, `${idOf(i)}: ${t?.error}`).toBe(!FAILING.includes(i))
    }
    // EMF: each shard wrote its own targets' documents and one self-metrics document.
    for (const c of warm) {
      const targets = new Set(c.docs.filter((d) => 'target' in d).map((d) => d['target']))
      expect([...targets].sort()).toEqual(outcomes[c.shard]!.targets.map((t) => t.id).sort())
      const self = c.docs.filter((d) => 'Shard' in d)
      expect(self).toEqual([
        expect.objectContaining({
          Shard: `${c.shard}/${SHARDS}`,
          PushTargets: outcomes[c.shard]!.targets.length,
          PushTargetsUp: outcomes[c.shard]!.targets.filter((t) => t.up).length,
        }),
      ])
    }
    // Balanced: no shard holds more than 1.35 × its share.
    const sizes = outcomes.map((o) => o.targets.length)
    expect(Math.max(...sizes)).toBeLessThan((TARGETS / SHARDS) * 1.35)
  }, 60_000)

  it('puts every target in the same shard on the next run, and skips a duplicate delivery', async () => {
    const at = new Date('2026-12-01T10:01:00Z')
    const outcomes = await minute(warm, at)
    expect(reportedBy(outcomes)).toEqual(first)
    const again = await minute(warm, at)
    expect(again.every((o) => o.duplicate === true && o.targets.length === 0)).toBe(true)
  }, 60_000)

  it(`moves no target when ${ADDED} targets are added; the new ones spread over the shards`, async () => {
    const grown = containers(SHARDS, TARGETS + ADDED)
    try {
      const by = reportedBy(await minute(grown, new Date('2026-12-01T10:02:00Z')))
      expect(by.size).toBe(TARGETS + ADDED)
      for (const [id, shard] of first) expect(by.get(id), id).toBe(shard)
      const added = Array.from({ length: ADDED }, (_, i) => by.get(idOf(TARGETS + i)))
      expect(new Set(added).size).toBeGreaterThan(1)
    } finally {
      await Promise.all(grown.map((c) => c.push.close()))
    }
  }, 60_000)

  it('does not let a failed shard (its EMF writes fail) block or change the others', async () => {
    const broken = 1
    const all = warm
    for (const c of all) c.broken.shard = broken
    try {
      const outcomes = await minute(all, new Date('2026-12-01T10:04:00Z'))
      expect(outcomes[broken]!.ok).toBe(false)
      expect(outcomes[broken]!.sinks).toEqual([{ sink: 'emf', ok: false, sent: 0 }])
      for (const c of all.filter((x) => x.shard !== broken)) {
        const o = outcomes[c.shard]!
        expect(o.sinks).toEqual([{ sink: 'emf', ok: true, sent: expect.any(Number) }])
        const expected = [...first].filter(([, s]) => s === c.shard).map(([id]) => id)
        expect(o.targets.map((t) => t.id).sort()).toEqual(expected.sort())
        const written = new Set(c.docs.filter((d) => 'target' in d).map((d) => d['target']))
        expect(written.size).toBe(expected.length)
      }
    } finally {
      for (const c of all) c.broken.shard = -1
    }
  }, 60_000)
})
