import { describe, expect, it } from 'vitest'
import { MAX_METRICS_PER_DOCUMENT, emfSink, renderEmf } from '../../../lib/push/emf'
import type { MetricFamily } from '../../../lib/types'
import { emfProblems } from './emf-spec'
import { CW, family, result } from './families'

/** n gauges `redis_g000`…, all included by a glob. */
const manyGauges = (n: number): MetricFamily[] =>
  Array.from({ length: n }, (_, i) => family(`redis_g${String(i).padStart(3, '0')}`, 'gauge', i))

describe('renderEmf', () => {
  it('writes one valid document per target with dimensions and values at the root', () => {
    const docs = renderEmf(
      [result(), result({ id: 'other:6380', role: 'slave', dimensions: { env: 'prod' } })],
      CW
    )
    expect(docs).toHaveLength(2)
    for (const d of docs) expect(emfProblems(d)).toEqual([])
    const second = JSON.parse(docs[1]!) as Record<string, unknown>
    expect(second).toMatchObject({
      _aws: {
        Timestamp: 1_795_320_000_000,
        CloudWatchMetrics: [
          { Namespace: 'RedisExporter', Dimensions: [['target', 'role', 'env']] },
        ],
      },
      target: 'other:6380',
      role: 'slave',
      env: 'prod',
      redis_up: 1,
      redis_memory_used_bytes: 1_048_576,
    })
  })

  it.each([
    [99, [99]],
    [100, [100]],
    [101, [100, 1]],
    [250, [100, 100, 50]],
  ])('splits %i metrics into documents of at most 100: %j', (n, sizes) => {
    const docs = renderEmf([result({ families: manyGauges(n) })], { ...CW, include: ['redis_g*'] })
    for (const d of docs) expect(emfProblems(d)).toEqual([])
    const parsed = docs.map(
      (d) => JSON.parse(d) as { _aws: { CloudWatchMetrics: { Metrics: unknown[] }[] } }
    )
    expect(parsed.map((p) => p._aws.CloudWatchMetrics[0]!.Metrics.length)).toEqual(sizes)
    expect(MAX_METRICS_PER_DOCUMENT).toBe(100)
    // Every metric is sent exactly once, each document carries the dimensions again.
    const names = parsed.flatMap((p) => Object.keys(p).filter((k) => k.startsWith('redis_g')))
    expect(new Set(names).size).toBe(n)
    for (const p of parsed) expect(p).toMatchObject({ target: 'cache:6379', role: 'master' })
  })

  it('marks every metric high resolution when configured', () => {
    const [doc] = renderEmf([result()], { ...CW, storageResolution: 1 })
    expect(emfProblems(doc!)).toEqual([])
    const metrics = (
      JSON.parse(doc!) as {
        _aws: { CloudWatchMetrics: { Metrics: { StorageResolution?: number }[] }[] }
      }
    )._aws.CloudWatchMetrics[0]!.Metrics
    expect(metrics.every((m) => m.StorageResolution === 1)).toBe(true)
  })

  it('uses only CloudWatch units', () => {
    const [doc] = renderEmf(
      [result({ previous: { families: result().families, timestampMs: 1_795_319_940_000 } })],
      {
        ...CW,
        include: ['*'],
      }
    )
    expect(emfProblems(doc!)).toEqual([])
  })

  it('the schema check catches what CloudWatch would reject', () => {
    const bad = JSON.stringify({
      _aws: {
        Timestamp: 1,
        CloudWatchMetrics: [
          { Namespace: 'N', Dimensions: [['target']], Metrics: [{ Name: 'x', Unit: 'Furlongs' }] },
        ],
      },
      x: 1,
    })
    expect(emfProblems(bad).join()).toContain('allowed values')
    const missing = JSON.stringify({
      _aws: {
        Timestamp: 1,
        CloudWatchMetrics: [{ Namespace: 'N', Dimensions: [['target']], Metrics: [{ Name: 'x' }] }],
      },
    })
    expect(emfProblems(missing)).toEqual([
      'dimension target is not a string root member',
      'metric x has no numeric root member',
    ])
  })
})

describe('emfSink', () => {
  it('writes each document as one line, awaited, and counts data points', async () => {
    const written: string[] = []
    const sink = emfSink({
      cloudwatch: { ...CW, include: ['redis_g*'] },
      write: async (line) => {
        await new Promise((r) => setTimeout(r, 1))
        written.push(line)
      },
    })
    const report = await sink.send([result({ families: manyGauges(150) }), result({ id: 'b:1' })], {
      signal: new AbortController().signal,
      now: Date.now,
    })
    expect(written).toHaveLength(3)
    expect(written.every((l) => l.endsWith('}\n') && l.indexOf('\n') === l.length - 1)).toBe(true)
    expect(report).toEqual({ sink: 'emf', ok: true, sent: 150 + 7, errors: [] })
  })

  it('reports a failed write naming the target, and goes on with the others', async () => {
    const sink = emfSink({
      cloudwatch: CW,
      write: async (line) => {
        if (line.includes('"target":"a:1"')) throw new Error('EPIPE')
      },
    })
    const report = await sink.send([result({ id: 'a:1' }), result({ id: 'b:1' })], {
      signal: new AbortController().signal,
      now: Date.now,
    })
    expect(report).toEqual({ sink: 'emf', ok: false, sent: 7, errors: ['emf: target a:1: EPIPE'] })
  })
})
