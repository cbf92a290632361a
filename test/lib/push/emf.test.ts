import { describe, expect, it } from 'vitest'
import { MAX_METRICS_PER_DOCUMENT, emfDocuments, emfSink, renderEmf } from '../../../lib/push/emf'
import type { CloudWatchDatum, TargetData } from '../../../lib/push/types'
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

describe('emfDocuments', () => {
  /** The specification's document as an object, serialised: what the text must equal byte for byte. */
  const reference = (data: TargetData, storageResolution: 1 | 60): string[] => {
    const groups = new Map<string, CloudWatchDatum[]>()
    for (const m of data.metrics) {
      const id = m.dimensions ? JSON.stringify(m.dimensions) : ''
      groups.set(id, [...(groups.get(id) ?? []), m])
    }
    return [...groups.values()].flatMap((group) => {
      const dimensions = { ...data.dimensions, ...group[0]!.dimensions }
      const docs: string[] = []
      for (let i = 0; i < group.length; i += 100) {
        const chunk = group.slice(i, i + 100)
        const doc: Record<string, unknown> = {
          _aws: {
            Timestamp: data.timestampMs,
            CloudWatchMetrics: [
              {
                Namespace: CW.namespace,
                Dimensions: [Object.keys(dimensions)],
                Metrics: chunk.map((m) => ({
                  Name: m.name,
                  Unit: m.unit,
                  ...(storageResolution === 1 ? { StorageResolution: 1 } : {}),
                })),
              },
            ],
          },
          ...dimensions,
        }
        for (const m of chunk) doc[m.name] = m.value
        docs.push(JSON.stringify(doc))
      }
      return docs
    })
  }
  const gauge = (name: string, value: number, dimensions?: Record<string, string>) => ({
    name,
    unit: 'Count' as const,
    value,
    ...(dimensions ? { dimensions } : {}),
  })
  const data = (
    metrics: CloudWatchDatum[],
    dimensions: Record<string, string> = { target: 'cache:6379', role: 'master' }
  ): TargetData => ({ id: 'cache:6379', dimensions, timestampMs: 1_795_320_000_000, metrics })

  it.each<[string, TargetData]>([
    ['no metric', data([])],
    [
      'numbers as JSON prints them',
      data([
        gauge('redis_a', 0.1 + 0.2),
        gauge('redis_b', 1e21),
        gauge('redis_c', -0),
        gauge('redis_d', 5e-7),
        gauge('redis_e', 2 ** 53 + 2),
        gauge('redis_f', -12.5),
      ]),
    ],
    [
      'text that needs escaping',
      data([gauge('redis_q"\\x', 1)], {
        target: 'a"b\\c',
        role: 'r\u0001\u2028é',
        env: '\ud83d\ude00',
      }),
    ],
    [
      "per-key data points: documents of their own, their dimensions after the target's",
      data([
        gauge('redis_up', 1),
        gauge('redis_key_size', 3, { db: 'db0', key: 'q' }),
        gauge('redis_key_size', 7, { db: 'db1', key: 'q' }),
        gauge('redis_key_type', 1, { db: 'db0', key: 'q' }),
      ]),
    ],
    ['a per-key dimension named like a target one', data([gauge('redis_x', 1, { role: 'k' })])],
    [
      'a numeric dimension name (an object puts it first)',
      data([gauge('redis_x', 1)], { z: 'a', 7: 'b' }),
    ],
    ['a metric named like a dimension', data([gauge('target', 1), gauge('redis_x', 2)])],
    ['a metric name twice', data([gauge('redis_x', 1), gauge('redis_y', 2), gauge('redis_x', 3)])],
    ['a metric named __proto__', data([gauge('__proto__', 1), gauge('redis_x', 2)])],
    ['names starting with _ or a digit', data([gauge('_x', 1), gauge('9x', 2)])],
    [
      '250 metrics: three documents',
      data(Array.from({ length: 250 }, (_, i) => gauge(`redis_g${i}`, i))),
    ],
  ])('%s: the same text as the object serialised', (_name, target) => {
    for (const storageResolution of [60, 1] as const) {
      const cw = { ...CW, storageResolution }
      expect(emfDocuments(target, cw)).toEqual(reference(target, storageResolution))
      // Again: the pieces cached on the first call give the same text.
      expect(emfDocuments(target, cw)).toEqual(reference(target, storageResolution))
    }
  })

  it('writes a metric again with the unit it has now', () => {
    const cw = { ...CW }
    const bytes = data([{ name: 'redis_m', unit: 'Bytes', value: 1 }])
    const count = data([{ name: 'redis_m', unit: 'Count', value: 1 }])
    expect(emfDocuments(bytes, cw)).toEqual(reference(bytes, 60))
    expect(emfDocuments(count, cw)).toEqual(reference(count, 60))
  })
})
