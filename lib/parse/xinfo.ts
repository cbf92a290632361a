/**
 * XINFO STREAM / GROUPS / CONSUMERS replies, RESP2 (flat arrays) or RESP3 (maps), read by field
 * name. Pure and forgiving: a missing or odd field is left out, never a throw.
 */
import { asArray, asNumber, asPairs, asString } from './reply'

export interface StreamInfo {
  readonly length?: number
  readonly radixTreeKeys?: number
  readonly radixTreeNodes?: number
  readonly groups?: number
  /** Millisecond parts of the IDs. */
  readonly lastGeneratedId?: number
  readonly maxDeletedEntryId?: number
  readonly firstEntryId?: number
  readonly lastEntryId?: number
  readonly entriesAdded?: number
}

export interface StreamGroup {
  readonly name: string
  readonly consumers?: number
  readonly pending?: number
  readonly lastDeliveredId?: number
  readonly entriesRead?: number
  readonly lag?: number
}

export interface StreamConsumer {
  readonly name: string
  readonly pending?: number
  /** Milliseconds since the consumer's last attempted interaction. */
  readonly idleMs?: number
}

/** The millisecond part of a stream ID (`1700000000000-3` -> 1700000000000); undefined if not an ID. */
export function streamIdMs(id: unknown): number | undefined {
  const text = asString(id)
  const m = text === undefined ? null : /^(\d{1,20})(?:-\d{1,20})?$/.exec(text)
  return m ? Number(m[1]) : undefined
}

function fields(reply: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>()
  for (const [k, v] of asPairs(reply)) {
    const name = asString(k)
    if (name !== undefined) out.set(name, v)
  }
  return out
}

/** An entry `[id, [field, value…]]`: its ID's millisecond part. */
function entryIdMs(entry: unknown): number | undefined {
  return streamIdMs(asArray(entry)?.[0])
}

type Writable<T> = { -readonly [K in keyof T]: T[K] }

function put<T, K extends keyof T>(out: Writable<T>, key: K, value: T[K] | undefined): void {
  if (value !== undefined) out[key] = value
}

export function parseXinfoStream(reply: unknown): StreamInfo {
  const f = fields(reply)
  const out: Writable<StreamInfo> = {}
  put(out, 'length', asNumber(f.get('length')))
  put(out, 'radixTreeKeys', asNumber(f.get('radix-tree-keys')))
  put(out, 'radixTreeNodes', asNumber(f.get('radix-tree-nodes')))
  put(out, 'groups', asNumber(f.get('groups')))
  put(out, 'lastGeneratedId', streamIdMs(f.get('last-generated-id')))
  put(out, 'maxDeletedEntryId', streamIdMs(f.get('max-deleted-entry-id')))
  put(out, 'entriesAdded', asNumber(f.get('entries-added')))
  put(out, 'firstEntryId', entryIdMs(f.get('first-entry')))
  put(out, 'lastEntryId', entryIdMs(f.get('last-entry')))
  return out
}

/** The named entries of an XINFO list reply (at most `max`), each built from its fields. */
function namedEntries<T>(
  reply: unknown,
  max: number,
  build: (name: string, f: Map<string, unknown>) => T
): T[] {
  const out: T[] = []
  for (const item of (asArray(reply) ?? []).slice(0, max)) {
    const f = fields(item)
    const name = asString(f.get('name'))
    if (name !== undefined) out.push(build(name, f))
  }
  return out
}

/** The groups of XINFO GROUPS, at most `max`. */
export function parseXinfoGroups(reply: unknown, max: number): StreamGroup[] {
  return namedEntries(reply, max, (name, f) => {
    const g: Writable<StreamGroup> = { name }
    put(g, 'consumers', asNumber(f.get('consumers')))
    put(g, 'pending', asNumber(f.get('pending')))
    put(g, 'lastDeliveredId', streamIdMs(f.get('last-delivered-id')))
    put(g, 'entriesRead', asNumber(f.get('entries-read')))
    put(g, 'lag', asNumber(f.get('lag')))
    return g
  })
}

/** The consumers of XINFO CONSUMERS, at most `max`. */
export function parseXinfoConsumers(reply: unknown, max: number): StreamConsumer[] {
  return namedEntries(reply, max, (name, f) => {
    const c: Writable<StreamConsumer> = { name }
    put(c, 'pending', asNumber(f.get('pending')))
    put(c, 'idleMs', asNumber(f.get('idle')))
    return c
  })
}
