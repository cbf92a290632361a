import { describe, expect, it } from 'vitest'
import { newTargetState } from '../../lib/collect/target-state'
import { parseConfig } from '../../lib/config'
import type { CpuLane } from '../../lib/cpu-lane'
import { createCpuLane } from '../../lib/cpu-lane'
import { LARGE_REPLY_CHARS, scrapePage, scrapeTarget } from '../../lib/scrape'
import { renderPrometheus } from '../../lib/render/prometheus'
import { FakeRedis, INFO_7 } from '../helpers/fake-redis'

const config = parseConfig({ REDIS_ADDR: 'redis://127.0.0.1:6379' })

/** A lane that counts the pieces given to it. */
function countingLane(): { lane: CpuLane; pieces: () => number } {
  const inner = createCpuLane()
  let pieces = 0
  return {
    lane: (work) => {
      pieces += 1
      return inner(work)
    },
    pieces: () => pieces,
  }
}

describe('scrapeTarget and huge replies', () => {
  it.each([
    ['a real INFO is built at once', INFO_7, 0],
    [
      'an INFO over LARGE_REPLY_CHARS is built in a turn of its own, and leaves one for the render',
      `${INFO_7}\r\n# Padding\r\n${'x:1\r\n'.repeat(LARGE_REPLY_CHARS / 5)}`,
      2,
    ],
  ])('%s', async (_what, info, pieces) => {
    const counting = countingLane()
    const result = await scrapeTarget(
      new FakeRedis({ 'INFO ALL': { ok: true, value: info } }),
      newTargetState(),
      { config, timeoutSeconds: 5, now: Date.now, lane: counting.lane }
    )
    expect(result.snapshot.up).toBe(true)
    expect(result.families.some((f) => f.name === 'redis_connected_clients')).toBe(true)
    expect(counting.pieces()).toBe(pieces)
  })
})

describe('scrapeTarget and a huge CLIENT LIST (REDIS_EXPORTER_EXPORT_CLIENT_LIST)', () => {
  const clientConfig = parseConfig({
    REDIS_ADDR: 'redis://127.0.0.1:6379',
    REDIS_EXPORTER_EXPORT_CLIENT_LIST: 'true',
  })
  const line = (i: number) =>
    `id=${i} addr=10.0.0.${i % 250}:${40000 + i} fd=8 name=app-${i} age=1 idle=0 flags=N db=0 omem=0 cmd=get`

  it.each([
    ['a few clients are built at once', 3, 0],
    ['a CLIENT LIST over LARGE_REPLY_CHARS is built in turns', LARGE_REPLY_CHARS / 60, 2],
  ])('%s', async (_what, clients, pieces) => {
    const counting = countingLane()
    const list = Array.from({ length: clients }, (_, i) => line(i)).join('\n')
    const result = await scrapeTarget(
      new FakeRedis({
        'INFO ALL': { ok: true, value: INFO_7 },
        'CLIENT LIST': { ok: true, value: list },
      }),
      newTargetState(),
      { config: clientConfig, timeoutSeconds: 5, now: Date.now, lane: counting.lane }
    )
    const details = result.families.find((f) => f.name === 'redis_connected_clients_details')
    expect(details?.samples.length).toBe(Math.min(clients, 10_000))
    expect(counting.pieces()).toBe(pieces)
  })
})

describe('scrapePage', () => {
  it.each([
    ['a real INFO', INFO_7, 0],
    [
      'an INFO over LARGE_REPLY_CHARS, built in turns',
      `${INFO_7}\r\n# Padding\r\n${'x:1\r\n'.repeat(LARGE_REPLY_CHARS / 5)}`,
      2,
    ],
  ])('writes the page of scrapeTarget for %s', async (_what, info, pieces) => {
    const counting = countingLane()
    // Fixed clock: the two scrapes' self-metrics (duration, start time) are the same.
    const opts = { config, timeoutSeconds: 5, now: () => 1_795_319_047_000 }
    const redis = () => new FakeRedis({ 'INFO ALL': { ok: true, value: info } })
    const objects = await scrapeTarget(redis(), newTargetState(), opts)
    const text = await scrapePage(redis(), newTargetState(), { ...opts, lane: counting.lane })
    expect(text.snapshot.up).toBe(true)
    expect(text.page).toContain('\nredis_connected_clients ')
    expect(text.page).toBe(renderPrometheus(objects.families))
    expect(counting.pieces()).toBe(pieces)
  })
})
