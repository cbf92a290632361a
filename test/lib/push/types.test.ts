import { describe, expect, expectTypeOf, it } from 'vitest'
import { cloudWatchData } from '../../../lib/push/cloudwatch-data'
import { emfSink } from '../../../lib/push/emf'
import type {
  CloudWatchDatum,
  CloudWatchUnit,
  PushSink,
  SinkReport,
  TargetData,
  TargetResult,
} from '../../../lib/push/types'
import { sinkReport } from '../../../lib/push/types'
import { CW, families, result } from './families'

describe('the push shapes', () => {
  it('a sink takes target results under a signal and a clock, and reports', () => {
    expectTypeOf<PushSink['send']>().parameters.toEqualTypeOf<
      [readonly TargetResult[], { readonly signal: AbortSignal; readonly now: () => number }]
    >()
    expectTypeOf<PushSink['send']>().returns.resolves.toEqualTypeOf<SinkReport>()
    expectTypeOf(emfSink).returns.toEqualTypeOf<PushSink>()
    expectTypeOf(cloudWatchData).returns.toEqualTypeOf<TargetData>()
    expectTypeOf<CloudWatchDatum['unit']>().toEqualTypeOf<CloudWatchUnit>()
    expectTypeOf<'Bytes/Second'>().toMatchTypeOf<CloudWatchUnit>()
    expectTypeOf<'Megabytes'>().not.toMatchTypeOf<CloudWatchUnit>()
  })

  it('a sink sends what results carry and reports it in a SinkReport', async () => {
    const lines: string[] = []
    const sink = emfSink({ cloudwatch: CW, write: async (line) => void lines.push(line) })
    const results: TargetResult[] = [result({ families: families() }), result({ id: 'b:1' })]
    const report = await sink.send(results, {
      signal: new AbortController().signal,
      now: () => 0,
    })
    expect(report).toEqual({ sink: 'emf', ok: true, sent: expect.any(Number), errors: [] })
    expect(report.sent).toBeGreaterThan(0)
    expect(lines).toHaveLength(2)
    const data = cloudWatchData(results[0]!, CW)
    expect(Object.keys(data.dimensions).slice(0, 2)).toEqual(['target', 'role'])
    expect(data.metrics.every((m) => Number.isFinite(m.value))).toBe(true)
  })
})

describe('sinkReport', () => {
  it.each([
    [[], [], { sink: 's', ok: true, sent: 3, errors: [] }],
    [['s: target a: down'], [], { sink: 's', ok: false, sent: 3, errors: ['s: target a: down'] }],
    [[], ['capped'], { sink: 's', ok: true, sent: 3, errors: [], warnings: ['capped'] }],
  ])('errors %j, warnings %j', (errors, warnings, want) => {
    expect(sinkReport('s', 3, errors, warnings)).toStrictEqual(want)
  })
})
