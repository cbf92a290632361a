import { describe, expect, it } from 'vitest'
import {
  parseXinfoConsumers,
  parseXinfoGroups,
  parseXinfoStream,
  streamIdMs,
} from '../../../lib/parse/xinfo'
import { GARBAGE } from './fixture'
import { xinfoCaptures } from './xinfo-fixture'

describe.each(xinfoCaptures())('XINFO replies of redis 7.0 in %s', (_protocol, reply) => {
  it('reads XINFO STREAM by field, IDs as their millisecond part', () => {
    expect(parseXinfoStream(reply['XINFO STREAM events'])).toEqual({
      length: 3,
      radixTreeKeys: 1,
      radixTreeNodes: 2,
      groups: 2,
      lastGeneratedId: 1700000000004,
      maxDeletedEntryId: 1700000000001,
      entriesAdded: 4,
      firstEntryId: 1700000000002,
      lastEntryId: 1700000000004,
    })
  })

  it('leaves out the first and last entry of an empty stream', () => {
    const info = parseXinfoStream(reply['XINFO STREAM empty'])
    expect(info.length).toBe(0)
    expect(info.lastGeneratedId).toBe(1)
    expect(info).not.toHaveProperty('firstEntryId')
    expect(info).not.toHaveProperty('lastEntryId')
  })

  it('reads XINFO GROUPS, a nil entries-read left out', () => {
    expect(parseXinfoGroups(reply['XINFO GROUPS events'], 100)).toEqual([
      {
        name: 'g1',
        consumers: 2,
        pending: 3,
        lastDeliveredId: 1700000000004,
        entriesRead: 4,
        lag: 0,
      },
      { name: 'g2', consumers: 1, pending: 0, lastDeliveredId: 1700000000004, lag: 0 },
    ])
    expect(parseXinfoGroups(reply['XINFO GROUPS events'], 1)).toHaveLength(1)
  })

  it('reads XINFO CONSUMERS with pending and idle milliseconds', () => {
    const consumers = parseXinfoConsumers(reply['XINFO CONSUMERS events g1'], 100)
    expect(consumers.map((c) => [c.name, c.pending])).toEqual([
      ['c1', 2],
      ['c2', 1],
    ])
    for (const c of consumers) expect(c.idleMs).toBeGreaterThanOrEqual(0)
    // a consumer named like a field
    expect(parseXinfoConsumers(reply['XINFO CONSUMERS events g2'], 100)[0]?.name).toBe('idle')
  })

  it('gives nothing for error replies', () => {
    expect(parseXinfoStream(reply['XINFO STREAM missing'])).toEqual({})
    expect(parseXinfoGroups(reply['XINFO STREAM text'], 100)).toEqual([])
  })
})

describe('streamIdMs', () => {
  it.each([
    ['1700000000004-0', 1700000000004],
    ['0-0', 0],
    ['42', 42],
    ['abc-1', undefined],
    ['1-2-3', undefined],
    ['', undefined],
  ])('%j -> %j', (id, ms) => {
    expect(streamIdMs(id)).toBe(ms)
  })
})

describe('never throws', () => {
  it.each(GARBAGE)('on %s', (_what, value) => {
    expect(() => parseXinfoStream(value)).not.toThrow()
    expect(() => parseXinfoGroups(value, 10)).not.toThrow()
    expect(() => parseXinfoConsumers(value, 10)).not.toThrow()
    expect(() => streamIdMs(value)).not.toThrow()
  })
})
