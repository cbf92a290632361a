import { redact } from '../errors'
import { cloudWatchData, cloudWatchSelection } from './cloudwatch-data'
import type { CloudWatchOptions } from './push-config'
import type { RetryOptions } from '../primitives/retry'
import { retry } from '../primitives/retry'
import { isRetryable } from './retry'
import { sinkReport } from './types'
import type { CloudWatchUnit, PushSink, SinkReport, TargetData } from './types'

/** PutMetricData limits: 1000 data points and 1 MB of request per call. */
export const MAX_DATA_PER_REQUEST = 1000
export const MAX_REQUEST_BYTES = 1_000_000

export interface MetricDatum {
  readonly MetricName: string
  readonly Dimensions: readonly { readonly Name: string; readonly Value: string }[]
  readonly Timestamp: Date
  readonly Value: number
  readonly Unit: CloudWatchUnit
  readonly StorageResolution: 1 | 60
}

/** The PutMetricData input, field for field as @aws-sdk/client-cloudwatch takes it. */
export interface PutMetricDataInput {
  readonly Namespace: string
  readonly MetricData: readonly MetricDatum[]
}

/**
 * The one call the sink needs. In functions/, wrap `CloudWatchClient` (with `maxAttempts: 1`; the
 * sink retries throttling itself): `(input, o) => cw.send(new PutMetricDataCommand(input), o)`.
 */
export interface PutMetricDataClient {
  putMetricData(
    input: PutMetricDataInput,
    opts: { readonly abortSignal: AbortSignal }
  ): Promise<unknown>
}

function dimensionsOf(dimensions: Readonly<Record<string, string>>): MetricDatum['Dimensions'] {
  return Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value }))
}

/** The data points of many targets, as PutMetricData requests within the API limits. */
export function putMetricDataRequests(
  data: readonly TargetData[],
  cw: CloudWatchOptions
): PutMetricDataInput[] {
  const requests: PutMetricDataInput[] = []
  const overhead = JSON.stringify({ Namespace: cw.namespace, MetricData: [] }).length
  let batch: MetricDatum[] = []
  let bytes = overhead
  for (const target of data) {
    const dims = dimensionsOf(target.dimensions)
    for (const m of target.metrics) {
      const datum: MetricDatum = {
        MetricName: m.name,
        Dimensions: m.dimensions ? dimensionsOf({ ...target.dimensions, ...m.dimensions }) : dims,
        Timestamp: new Date(target.timestampMs),
        Value: m.value,
        Unit: m.unit,
        StorageResolution: cw.storageResolution,
      }
      // JSON size as sent (an ISO date is longer than the epoch seconds on the wire: an upper bound).
      const size = JSON.stringify(datum).length + 1
      if (
        batch.length >= MAX_DATA_PER_REQUEST ||
        (batch.length > 0 && bytes + size > MAX_REQUEST_BYTES)
      ) {
        requests.push({ Namespace: cw.namespace, MetricData: batch })
        batch = []
        bytes = overhead
      }
      batch.push(datum)
      bytes += size
    }
  }
  if (batch.length > 0) requests.push({ Namespace: cw.namespace, MetricData: batch })
  return requests
}

/**
 * The PutMetricData sink: batches every target's data points, sends the requests one after another,
 * retrying throttling and 5xx answers with backoff and full jitter within the push's deadline.
 * A request that still fails is reported with the targets it carried; the others are still sent.
 */
export function putMetricDataSink(opts: {
  readonly cloudwatch: CloudWatchOptions
  readonly client: PutMetricDataClient
  readonly retry?: RetryOptions
  readonly random?: () => number
}): PushSink {
  return {
    name: 'putmetricdata',
    selects: cloudWatchSelection(opts.cloudwatch),
    async send(results, { signal }): Promise<SinkReport> {
      const data = results.map((r) => cloudWatchData(r, opts.cloudwatch))
      const requests = putMetricDataRequests(data, opts.cloudwatch)
      let sent = 0
      const errors: string[] = []
      for (const [i, input] of requests.entries()) {
        try {
          await retry(() => opts.client.putMetricData(input, { abortSignal: signal }), {
            ...opts.retry,
            signal,
            isRetryable,
            ...(opts.random ? { random: opts.random } : {}),
          })
          sent += input.MetricData.length
        } catch (err) {
          const targets = [
            ...new Set(input.MetricData.map((d) => d.Dimensions[0]?.Value ?? '?')),
          ].join(', ')
          errors.push(
            `putmetricdata: request ${i + 1}/${requests.length} (${input.MetricData.length} data points of ${targets}) failed: ${describe(err)}`
          )
        }
      }
      const warnings = data.flatMap((d) => d.warnings ?? [])
      return sinkReport('putmetricdata', sent, errors, warnings)
    },
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return redact(`${err.name}: ${err.message}`)
  return redact(String(err))
}
