import { ConfigError } from '../errors'
import { cloudWatchSelection } from './cloudwatch-data'
import { emfSink } from './emf'
import type { PushConfig } from './push-config'
import type { PushgatewayOptions } from './pushgateway'
import { pushgatewaySink } from './pushgateway'
import type { PutMetricDataClient } from './put-metric-data'
import { putMetricDataSink } from './put-metric-data'
import type { PushSink } from './types'

/** The clients the sinks write through, made by the runtime (functions/). */
export interface SinkClients {
  /** EMF: writes one line, awaited (Lambda: stdout). */
  readonly write?: (line: string) => Promise<void>
  /**
   * PutMetricData: makes the CloudWatch client. Called on the first push that sends, so the SDK
   * is never loaded when only EMF is configured; a failed call is tried again on the next push.
   */
  readonly putMetricData?: () => Promise<PutMetricDataClient>
  /** Pushgateway: where and as whom (parsePushgatewayConfig). */
  readonly pushgateway?: PushgatewayOptions
}

/** The sinks REDIS_EXPORTER_PUSH_SINKS names, in its order, over the runtime's clients. */
export function buildSinks(
  push: Pick<PushConfig, 'sinks' | 'cloudwatch'>,
  clients: SinkClients
): PushSink[] {
  return push.sinks.map((name): PushSink => {
    if (name === 'emf' && clients.write) {
      return emfSink({ cloudwatch: push.cloudwatch, write: clients.write })
    }
    if (name === 'putmetricdata' && clients.putMetricData) {
      return lazyPutMetricData(push, clients.putMetricData)
    }
    if (name === 'pushgateway' && clients.pushgateway) return pushgatewaySink(clients.pushgateway)
    throw new ConfigError(`REDIS_EXPORTER_PUSH_SINKS: the sink ${name} cannot be used here`)
  })
}

function lazyPutMetricData(
  push: Pick<PushConfig, 'cloudwatch'>,
  make: () => Promise<PutMetricDataClient>
): PushSink {
  let client: Promise<PutMetricDataClient> | undefined
  return {
    name: 'putmetricdata',
    selects: cloudWatchSelection(push.cloudwatch),
    send: async (results, opts) => {
      client ??= make()
      const ready = await client.catch((err: unknown) => {
        client = undefined // try making it again next time
        throw err
      })
      return putMetricDataSink({ cloudwatch: push.cloudwatch, client: ready }).send(results, opts)
    },
  }
}
