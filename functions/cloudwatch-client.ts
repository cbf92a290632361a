// The CloudWatch client of the PutMetricData sink (Lambda push, Worker cron), built in one place.
import type { CloudWatchClientConfig, PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch'
import type { PutMetricDataClient } from '../lib/index'

/** The PutMetricData client, and a way to release its connections when the run ends. */
export type CloseablePutMetricDataClient = PutMetricDataClient & { close(): void }

/**
 * The real CloudWatch client, loaded on first use (its code is a separate chunk of the push
 * bundle, so it is never loaded when only EMF is configured). The SDK's own retries are off: the
 * sink retries throttling itself, within the push's deadline.
 */
export async function cloudWatchPutClient(
  options: CloudWatchClientConfig = {}
): Promise<CloseablePutMetricDataClient> {
  const { CloudWatchClient, PutMetricDataCommand } = await import('@aws-sdk/client-cloudwatch')
  const cw = new CloudWatchClient({ ...options, maxAttempts: 1 })
  return {
    putMetricData: (input, { abortSignal }) =>
      cw.send(new PutMetricDataCommand(input as PutMetricDataCommandInput), { abortSignal }),
    close: () => cw.destroy(),
  }
}
