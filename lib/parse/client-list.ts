import { MAX_CLIENTS } from '../bounds'
import { parseIntStrict } from './number'
import { asString } from './reply'

/** One line of `CLIENT LIST`: its fields by name, and its address split into host and port. */
export interface ClientEntry {
  readonly fields: Readonly<Record<string, string>>
  /** The address without its port (an IPv6 address keeps its colons, as Redis prints it). */
  readonly host: string
  readonly port: string
  /** `age` and `idle` in seconds. */
  readonly age: number
  readonly idle: number
}

const LINE = /^id=\d+ addr=\S+/

/**
 * `CLIENT LIST` (RESP2 bulk string or RESP3 verbatim string): one entry per line that starts with
 * `id=<n> addr=<host:port>` and has whole-number `age` and `idle` fields, as redis_exporter reads
 * it; other lines are skipped. Each space-separated `key=value` is split at its first `=`. At most
 * `max` clients are read. Never throws.
 */
export function parseClientList(reply: unknown, max: number = MAX_CLIENTS): ClientEntry[] {
  const text = asString(reply)
  const out: ClientEntry[] = []
  if (text === undefined) return out
  for (const raw of text.split('\n')) {
    if (out.length >= max) break
    const entry = parseClientLine(raw.trim())
    if (entry) out.push(entry)
  }
  return out
}

function parseClientLine(line: string): ClientEntry | undefined {
  if (!LINE.test(line)) return undefined
  const fields: Record<string, string> = Object.create(null)
  for (const part of line.split(' ')) {
    const eq = part.indexOf('=')
    if (eq <= 0) return undefined
    fields[part.slice(0, eq)] = part.slice(eq + 1)
  }
  const addr = fields['addr'] ?? ''
  const colon = addr.lastIndexOf(':')
  const age = parseIntStrict(fields['age'])
  const idle = parseIntStrict(fields['idle'])
  if (colon <= 0 || age === undefined || idle === undefined) return undefined
  return { fields, host: addr.slice(0, colon), port: addr.slice(colon + 1), age, idle }
}
