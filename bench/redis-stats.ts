import { RespConnection } from '../test/helpers/resp-client'
import { median, sumOf } from './stats'

/** Counters read from one `INFO stats commandstats`. */
export interface RedisCounters {
  /** Per command (`info`, `config|get`, …): calls and usec. */
  readonly commands: ReadonlyMap<string, { calls: number; usec: number }>
  readonly connections: number
  readonly netInputBytes: number
  readonly netOutputBytes: number
}

/** What happened in Redis between two reads, with the probe's own footprint removed. */
export interface RedisDelta {
  readonly calls: number
  readonly usec: number
  readonly connections: number
  readonly netInputBytes: number
  readonly netOutputBytes: number
  /** Calls per command. */
  readonly byCommand: Readonly<Record<string, number>>
  /** usec per command. */
  readonly usecByCommand: Readonly<Record<string, number>>
}

/** Commands that are not the exporters' doing: replication acknowledgements from the replica. */
const IGNORED = new Set(['replconf', 'psync', 'sync'])

export function parseCounters(text: string): RedisCounters {
  const commands = new Map<string, { calls: number; usec: number }>()
  const fields = new Map<string, string>()
  for (const line of text.split('\r\n')) {
    const m = /^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/.exec(line)
    if (m) commands.set(m[1]!, { calls: Number(m[2]), usec: Number(m[3]) })
    else {
      const i = line.indexOf(':')
      if (i > 0) fields.set(line.slice(0, i), line.slice(i + 1))
    }
  }
  const n = (k: string) => Number(fields.get(k) ?? Number.NaN)
  return {
    commands,
    connections: n('total_connections_received'),
    netInputBytes: n('total_net_input_bytes'),
    netOutputBytes: n('total_net_output_bytes'),
  }
}

function rawDelta(a: RedisCounters, b: RedisCounters): RedisDelta {
  let calls = 0
  let usec = 0
  const byCommand: Record<string, number> = {}
  const usecByCommand: Record<string, number> = {}
  for (const [cmd, after] of b.commands) {
    if (IGNORED.has(cmd)) continue
    const before = a.commands.get(cmd) ?? { calls: 0, usec: 0 }
    const dc = after.calls - before.calls
    if (dc === 0) continue
    calls += dc
    usec += after.usec - before.usec
    byCommand[cmd] = dc
    usecByCommand[cmd] = after.usec - before.usec
  }
  return {
    calls,
    usec,
    connections: b.connections - a.connections,
    netInputBytes: b.netInputBytes - a.netInputBytes,
    netOutputBytes: b.netOutputBytes - a.netOutputBytes,
    byCommand,
    usecByCommand,
  }
}

/**
 * Reads Redis's counters over one persistent connection. Each read is itself one `INFO` call that
 * shows up in the next read; `calibrate()` measures that footprint and `delta()` subtracts it.
 */
export class RedisProbe {
  #probe: RedisDelta = {
    calls: 1,
    usec: 0,
    connections: 0,
    netInputBytes: 0,
    netOutputBytes: 0,
    byCommand: {},
    usecByCommand: {},
  }

  private constructor(private readonly conn: RespConnection) {}

  static async open(port: number): Promise<RedisProbe> {
    return new RedisProbe(await RespConnection.open({ port, host: '127.0.0.1' }))
  }

  async read(): Promise<RedisCounters> {
    const text = await this.conn.call('INFO', 'stats', 'commandstats')
    if (typeof text !== 'string') throw new Error('INFO stats commandstats returned no text')
    return parseCounters(text)
  }

  /** Measures what one probe read costs Redis (median of a few back-to-back reads). */
  async calibrate(samples = 7): Promise<void> {
    const deltas: RedisDelta[] = []
    let prev = await this.read()
    for (let i = 0; i < samples; i++) {
      const next = await this.read()
      deltas.push(rawDelta(prev, next))
      prev = next
    }
    this.#probe = {
      calls: median(deltas.map((d) => d.calls)),
      usec: median(deltas.map((d) => d.usec)),
      connections: 0,
      netInputBytes: median(deltas.map((d) => d.netInputBytes)),
      netOutputBytes: median(deltas.map((d) => d.netOutputBytes)),
      byCommand: { info: 1 },
      usecByCommand: { info: median(deltas.map((d) => d.usec)) },
    }
  }

  /** The exporters' share of what happened between two reads. */
  delta(a: RedisCounters, b: RedisCounters): RedisDelta {
    const d = rawDelta(a, b)
    const byCommand = { ...d.byCommand }
    if (byCommand['info'] !== undefined) byCommand['info'] -= 1
    if (byCommand['info'] === 0) delete byCommand['info']
    const usecByCommand = { ...d.usecByCommand }
    if (usecByCommand['info'] !== undefined) {
      usecByCommand['info'] = Math.max(0, usecByCommand['info'] - this.#probe.usec)
      if (byCommand['info'] === undefined) delete usecByCommand['info']
    }
    return {
      calls: d.calls - this.#probe.calls,
      usec: Math.max(0, d.usec - this.#probe.usec),
      connections: d.connections,
      netInputBytes: d.netInputBytes - this.#probe.netInputBytes,
      netOutputBytes: d.netOutputBytes - this.#probe.netOutputBytes,
      byCommand,
      usecByCommand,
    }
  }

  close(): void {
    this.conn.close()
  }
}

/** Several deltas as one: their counts added, per command too. */
export function addDeltas(parts: readonly RedisDelta[]): RedisDelta {
  const sum = (f: (d: RedisDelta) => number) => sumOf(parts, f)
  const merge = (f: (d: RedisDelta) => Readonly<Record<string, number>>) => {
    const out: Record<string, number> = {}
    for (const d of parts) for (const [k, v] of Object.entries(f(d))) out[k] = (out[k] ?? 0) + v
    return out
  }
  return {
    calls: sum((d) => d.calls),
    usec: sum((d) => d.usec),
    connections: sum((d) => d.connections),
    netInputBytes: sum((d) => d.netInputBytes),
    netOutputBytes: sum((d) => d.netOutputBytes),
    byCommand: merge((d) => d.byCommand),
    usecByCommand: merge((d) => d.usecByCommand),
  }
}
