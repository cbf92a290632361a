import type { RedisTransport, SendOptions } from '../../lib/transport/transport'
import type { Command, Reply } from '../../lib/types'

/** Wraps a transport (a real one) and records every round trip it sends. */
export class RecordingTransport implements RedisTransport {
  readonly sent: (readonly Command[])[] = []
  constructor(private readonly inner: RedisTransport) {}

  send(commands: readonly Command[], opts: SendOptions): Promise<Reply[]> {
    this.sent.push(commands)
    return this.inner.send(commands, opts)
  }

  /** Every command sent, by name (upper-cased), in order. */
  names(): string[] {
    return this.sent.flat().map((c) => c[0].toUpperCase())
  }
}
