import { readFileSync } from 'node:fs'
import { TimeoutError, TransportError } from '../../lib/errors'
import type { RedisTransport, SendOptions } from '../../lib/transport/transport'
import type { Command, Reply } from '../../lib/types'

export const INFO_FIXTURE = readFileSync(
  new URL('../fixtures/parse/info-redis-7.0.txt', import.meta.url),
  'utf8'
)

export type FakeMode = 'ok' | 'refuse' | 'hang'

/**
 * A transport at the port boundary for app and collector tests: answers from canned replies keyed
 * by the upper-cased command (`INFO ALL`, `CONFIG GET`), records every round trip, and can refuse
 * connections or hang until the scrape's signal aborts.
 */
export class FakeTransport implements RedisTransport {
  readonly sent: (readonly Command[])[] = []
  mode: FakeMode = 'ok'
  readonly replies: Map<string, Reply>

  constructor(replies: Record<string, Reply> = {}) {
    this.replies = new Map(
      Object.entries({ 'INFO ALL': { ok: true, value: INFO_FIXTURE }, ...replies })
    )
  }

  async send(commands: readonly Command[], { signal }: SendOptions): Promise<Reply[]> {
    this.sent.push(commands)
    if (this.mode === 'refuse') throw new TransportError('connect ECONNREFUSED 127.0.0.1:1')
    if (this.mode === 'hang') {
      await new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () =>
          reject(new TimeoutError(String(signal.reason?.message ?? 'aborted')))
        )
      })
    }
    return commands.map((c) => {
      const key2 = `${c[0]} ${c[1] ?? ''}`.trim().toUpperCase()
      return (
        this.replies.get(key2) ??
        this.replies.get(c[0].toUpperCase()) ?? {
          ok: false,
          error: `ERR unknown command '${c[0]}'`,
        }
      )
    })
  }
}
