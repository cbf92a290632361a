// Cloudflare Workers entry: `fetch` serves the shared app, `scheduled` pushes every target.
import type { ExecutionContext } from 'hono'
import type { PushOutcome } from '../lib/index'
import { ConfigError } from '../lib/index'
import { cronConfig, cronPush } from './worker-push'
import type { Bindings, Runtime } from './worker-runtime'
import { log, runtimeFor } from './worker-runtime'
import { inRequestScope } from './worker-transports'

/** Logs a ConfigError (its message names the variable, never a secret); rethrows anything else. */
function configError(err: unknown): Error {
  if (!(err instanceof ConfigError)) throw err
  log({ level: 'error', msg: 'configuration error', error: err.message })
  return err
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
    let rt: Runtime, config: ReturnType<typeof cronConfig>
    try {
      rt = runtimeFor(bindings)
      config = cronConfig(rt)
    } catch (err) {
      throw configError(err) // logged; the cron run fails visibly
    }
    return cronPush(rt, config, controller.scheduledTime)
  },
}
