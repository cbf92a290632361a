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

  it('writes each key in a document of its own, with its db and key dimensions', () => {
    const sizes = family(
      'redis_key_size',
      'gauge',
      [{ db: 'db0', key: 'queue:emails' }, 3],
      [{ db: 'db1', key: 'celery' }, 7]
    )
    const docs = renderEmf([result({ families: [family('redis_up', 'gauge', 1), sizes] })], {
      ...CW,
      include: ['redis_key_size'],
    })
    for (const d of docs) expect(emfProblems(d)).toEqual([])
    const parsed = docs.map((d) => JSON.parse(d) as Record<string, unknown>)
    expect(parsed).toHaveLength(3)
    expect(parsed[0]).toMatchObject({ redis_up: 1, redis_key_size: 10 })
    expect(parsed.slice(1)).toEqual([
      expect.objectContaining({
        target: 'cache:6379',
        db: 'db0',
        key: 'queue:emails',
        redis_key_size: 3,
      }),
      expect.objectContaining({
        target: 'cache:6379',
        db: 'db1',
        key: 'celery',
        redis_key_size: 7,
      }),
    ])
    const directive = parsed[1]!['_aws'] as { CloudWatchMetrics: { Dimensions: string[][] }[] }
    expect(directive.CloudWatchMetrics[0]!.Dimensions).toEqual([['target', 'role', 'db', 'key']])
    expect(Object.keys(parsed[1]!).filter((k) => k.startsWith('redis_'))).toEqual([
      'redis_key_size',
    ])
  })

  it('reports what the cap left out as a warning of the sink, not a failure', async () => {
    const sizes = family(
      'redis_key_size',
      'gauge',
      ...Array.from({ length: 5 }, (_, i): [Record<string, string>, number] => [
        { db: 'db0', key: `q${i}` },
        i,
      ])
    )
    const lines: string[] = []
    const report = await emfSink({
      cloudwatch: { ...CW, include: ['redis_key_size'], maxKeyMetrics: 3 },
      write: async (line) => {
        lines.push(line)
      },
    }).send([result({ families: [sizes] })], {
      signal: new AbortController().signal,
      now: Date.now,
    })
    expect(report.ok).toBe(true)
    expect(report.sent).toBe(4)
    expect(lines).toHaveLength(4)
    expect(report.warnings).toEqual([
      expect.stringContaining(
        '2 per-key data points left out (at most 3 per target; raise REDIS_EXPORTER_CLOUDWATCH_MAX_KEY_METRICS'
      ),
    ])
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
