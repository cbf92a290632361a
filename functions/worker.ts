// Cloudflare Workers entry: `fetch` serves the shared app, `scheduled` pushes every target (or
// enqueues one message per shard), `queue` pushes the shard of each message.
import type { ExecutionContext } from 'hono'
import type { PushOutcome } from '../lib/index'
import { ConfigError } from '../lib/index'
import type { QueueMessage } from './worker-push'
import { consumeShards, cronConfig, cronPush, enqueueShards, shardQueue } from './worker-push'
import type { Bindings, Runtime } from './worker-runtime'
import { log, runtimeFor } from './worker-runtime'
import { inRequestScope } from './worker-transports'

/** Logs a ConfigError (its message names the variable, never a secret); rethrows anything else. */
function configError(err: unknown): Error {
  if (!(err instanceof ConfigError)) throw err
  log({ level: 'error', msg: 'configuration error', error: err.message })
  return err
}

/** The runtime and push settings (the cron run: the shard queue); a ConfigError is logged, thrown. */
async function pushSetup(bindings: Bindings, producer: boolean) {
  try {
    const rt = runtimeFor(bindings)
    const settings = await cronConfig(rt, bindings)
    return { rt, settings, queue: producer ? shardQueue(bindings, settings) : undefined }
  } catch (err) {
    throw configError(err) // logged; the run fails visibly
  }
}

export default {
  async fetch(request: Request, bindings: Bindings, ctx: ExecutionContext): Promise<Response> {
    let rt: Runtime
    try {
      rt = runtimeFor(bindings)
    } catch (err) {
      const message = `error: configuration error: ${configError(err).message}\n`
      return new Response(message, { status: 500 })
    }
    return inRequestScope(async () => rt.app.fetch(request, bindings, ctx))
  },

  async scheduled(
    controller: { readonly scheduledTime: number },
    bindings: Bindings
  ): Promise<PushOutcome> {
    const { rt, settings, queue } = await pushSetup(bindings, true)
    if (queue) return enqueueShards(queue, settings.push.shards, controller.scheduledTime)
    return cronPush(rt, settings, controller.scheduledTime)
  },

  async queue(batch: { readonly messages: readonly QueueMessage[] }, bindings: Bindings) {
    const { rt, settings } = await pushSetup(bindings, false)
    await consumeShards(rt, settings, batch.messages)
  },
}
