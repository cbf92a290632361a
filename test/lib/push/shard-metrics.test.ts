import { describe, expect, it } from 'vitest'
import { shardMetricsDocument } from '../../../lib/push/shard-metrics'
import { emfProblems } from './emf-spec'
import { CW } from './families'

const run = {
  shard: { index: 2, of: 8 },
  targets: 125,
  up: 120,
  durationMs: 2345.6,
  timestampMs: 1_795_320_000_000,
}

describe('shardMetricsDocument', () => {
  it.each([
    [
      'with CPU time',
      { ...run, cpuMs: 812.4 },
      { PushTargets: 125, PushTargetsUp: 120, PushDuration: 2346, PushCpuTime: 812 },
    ],
    ['without CPU time', run, { PushTargets: 125, PushTargetsUp: 120, PushDuration: 2346 }],
  ])('writes one valid EMF document %s, with the Shard dimension', (_what, input, values) => {
    const line = shardMetricsDocument(input, CW)
    expect(emfProblems(line)).toEqual([])
    const doc = JSON.parse(line) as Record<string, unknown>
    expect(doc).toEqual({
      _aws: {
        Timestamp: 1_795_320_000_000,
        CloudWatchMetrics: [
          {
            Namespace: CW.namespace,
            Dimensions: [['Shard']],
            Metrics: Object.keys(values).map((Name) => ({
              Name,
              Unit: Name.startsWith('PushTargets') ? 'Count' : 'Milliseconds',
            })),
          },
        ],
      },
      Shard: '2/8',
      ...values,
    })
  })

  it('leaves out a CPU time that is not a number', () => {
    const doc = JSON.parse(shardMetricsDocument({ ...run, cpuMs: NaN }, CW)) as object
    expect(Object.keys(doc)).not.toContain('PushCpuTime')
  })
})
