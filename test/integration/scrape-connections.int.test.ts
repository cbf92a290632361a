// What the pull side costs Redis in connections at fleet scale (issue 15): warm Lambda scrape
// containers (the real handler, each with its own pool) scrape a fleet of fake targets (one
// process, test/helpers/fleet-main.ts) through /scrape; the fleet counts the connections it holds.
// Worst case for the pool: every container scrapes every target (Lambda routes each request to
// any warm container).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createScrapeHandler } from '../../functions/lambda-scrape-handler'
import type { Fleet } from '../helpers/fleet'
import { startFleet } from '../helpers/fleet'

const TARGETS = 30
const CONTAINERS = 3
const TOKEN = 'fleet-bearer-token-4242'

let fleet: Fleet
beforeAll(async () => {
  fleet = await startFleet({ targets: TARGETS, failing: [], slow: [], slowMs: 0 })
}, 60_000)
afterAll(async () => {
  await fleet?.stop()
})

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0)

/** Every container scrapes every target once, `rounds` times; resolves with the fleet's counts. */
async function scrapeAll(maxClients: number, rounds: number) {
  const containers = Array.from({ length: CONTAINERS }, () =>
    createScrapeHandler(
      {
        REDIS_ADDR: `redis://127.0.0.1:${fleet.ports[0]}`,
        REDIS_EXPORTER_BEARER_TOKEN: TOKEN,
        REDIS_EXPORTER_MAX_CLIENTS: String(maxClients),
        REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: '127.0.0.1',
      },
      { log: () => undefined }
    )
  )
  const before = await fleet.stats()
  const perRound: number[] = []
  try {
    for (let round = 0; round < rounds; round++) {
      const start = await fleet.stats()
      // The containers run side by side; each scrapes the targets in turn.
      await Promise.all(
        containers.map(async (c) => {
          for (const port of fleet.ports) {
            const url = `http://exporter.test/scrape?target=redis://127.0.0.1:${port}`
            const res = await c.app.fetch(
              new Request(url, { headers: { authorization: `Bearer ${TOKEN}` } })
            )
            expect(res.status).toBe(200)
            await res.text()
          }
        })
      )
      const end = await fleet.stats()
      perRound.push(sum(end.accepted) - sum(start.accepted))
    }
    const after = await fleet.stats()
    return {
      open: after.open,
      newPerRound: perRound,
      accepted: sum(after.accepted) - sum(before.accepted),
    }
  } finally {
    await Promise.all(containers.map((c) => c.close()))
  }
}

describe(`${CONTAINERS} warm scrape containers × ${TARGETS} targets`, () => {
  it('holds at most containers × REDIS_EXPORTER_MAX_CLIENTS connections; past the bound, every scrape reconnects', async () => {
    const { open, newPerRound } = await scrapeAll(10, 2)
    expect(sum(open)).toBe(CONTAINERS * 10)
    expect(Math.max(...open)).toBeLessThanOrEqual(CONTAINERS)
    // Round-robin over 30 targets with 10 kept: the least recently used is always the next one.
    expect(newPerRound).toEqual([CONTAINERS * TARGETS, CONTAINERS * TARGETS])
  }, 60_000)

  it('with the bound at the fleet size, holds containers × targets (one per container per Redis) and reconnects never', async () => {
    const { open, newPerRound } = await scrapeAll(TARGETS, 2)
    expect(sum(open)).toBe(CONTAINERS * TARGETS)
    expect(open.every((n) => n === CONTAINERS)).toBe(true)
    expect(newPerRound).toEqual([CONTAINERS * TARGETS, 0])
  }, 60_000)
})
