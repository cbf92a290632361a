import { describe, expect, it } from 'vitest'
import { COLLECTORS, parseCollectorList } from '../../../lib/capabilities/collectors'
import { PLAN } from '../../../lib/collect/plan'

describe('COLLECTORS', () => {
  it('are the collectors of the command plan, once each, in plan order', () => {
    expect(COLLECTORS).toEqual([
      'client',
      'config',
      'latency_latest',
      'latency_histogram',
      'slowlog',
      'cluster_info',
      'client_list',
      'sentinel',
      'sentinel_ckquorum',
      'sentinel_config',
      'modules',
      'tile38',
      'search_indexes',
    ])
    const fromPlan = PLAN.flatMap((s) => (s.collector ? [s.collector] : []))
    expect(COLLECTORS).toEqual([...new Set(fromPlan)])
  })
})

describe('parseCollectorList', () => {
  it.each([['slowlog,nope'], ['memory']])('rejects %j listing the collectors', (raw) => {
    expect(() => parseCollectorList('X', raw)).toThrow(
      /X: ".*" is not a collector \(expected .*client, config, latency_latest/
    )
  })

  it.each([
    ['', []],
    ['SLOWLOG, config', ['config', 'slowlog']],
    ['latency', ['latency_latest', 'latency_histogram']],
    ['client,cluster_info,latency_histogram', ['client', 'latency_histogram', 'cluster_info']],
    ['search_indexes, sentinel', ['sentinel', 'search_indexes']],
  ])('reads %j', (raw, expected) => {
    expect(parseCollectorList('X', raw)).toEqual(expected)
  })
})
