import type { InfoRecord } from '../types'
import { parseKvList } from './kv-list'
import { parseFinite, parseIntStrict } from './number'
import { fieldNames, numberedFields } from './reply'

/** One `slave<N>:` line of a master's `# Replication` section. */
export interface ConnectedSlave {
  ip: string
  port: string
  state: string
  /** Replication offset in bytes. */
  offset: number
  /** Seconds; absent when the line has no (parseable) `lag` (Redis < 3.0). */
  lag?: number
}

/** The link of a replica to one master (KeyDB multi-master replicas have several). */
export interface MasterLink {
  host: string
  port: string
  /** `master_link_status` is `up`. */
  linkUp: boolean
  lastIoSecondsAgo?: number
  syncInProgress?: number
  /** `slave_repl_offset`; only on the un-numbered link. */
  slaveReplOffset?: number
}

const KEYDB_HOST = /^master_(\d+)_host$/

/**
 * `slave<N>:ip=..,port=..,state=..,offset=..,lag=..` lines parsed by key name, sorted by N (only
 * the `slave<N>` fields are read). A line without a parseable `offset` is skipped; missing
 * ip/port/state become ''. Never throws.
 */
export function parseConnectedSlaves(info: InfoRecord): ConnectedSlave[] {
  const out: ConnectedSlave[] = []
  for (const [, value] of numberedFields(info, 'slave')) {
    const kv = parseKvList(value)
    const offset = parseFinite(kv['offset'])
    if (offset === undefined) continue
    const slave: ConnectedSlave = {
      ip: kv['ip'] ?? '',
      port: kv['port'] ?? '',
      state: kv['state'] ?? '',
      offset,
    }
    const lag = parseFinite(kv['lag'])
    if (lag !== undefined) slave.lag = lag
    out.push(slave)
  }
  return out
}

type Field = (name: string) => string | undefined

function link(field: Field, prefix: string): MasterLink | undefined {
  const host = field(`${prefix}host`)
  if (host === undefined) return undefined
  const out: MasterLink = {
    host,
    port: field(`${prefix}port`) ?? '',
    linkUp: field(`${prefix}link_status`)?.trim() === 'up',
  }
  const lastIo = parseIntStrict(field(`${prefix}last_io_seconds_ago`))
  if (lastIo !== undefined) out.lastIoSecondsAgo = lastIo
  const sync = parseIntStrict(field(`${prefix}sync_in_progress`))
  if (sync !== undefined) out.syncInProgress = sync
  return out
}

/**
 * The master link(s) of a replica: `master_host`/`master_port`/`master_link_status`/
 * `master_last_io_seconds_ago`/`master_sync_in_progress`/`slave_repl_offset`, then KeyDB
 * multi-master `master_<N>_host`... links sorted by N. A link needs its host field; a master has
 * none, so it gives []. Never throws.
 */
export function parseMasterLinks(info: InfoRecord): MasterLink[] {
  // Fields are read in place: copying the ~600-field record cost more than the rest of this parser.
  const record: Readonly<Record<string, unknown>> =
    typeof info === 'object' && info !== null ? info : {}
  const field: Field = (name) => {
    const v = Object.hasOwn(record, name) ? record[name] : undefined
    return typeof v === 'string' ? v : undefined
  }
  const out: MasterLink[] = []
  const main = link(field, 'master_')
  if (main !== undefined) {
    const offset = parseIntStrict(field('slave_repl_offset'))
    if (offset !== undefined) main.slaveReplOffset = offset
    out.push(main)
  }
  const numbered: [number, MasterLink][] = []
  for (const name of fieldNames(record)) {
    const m = name.startsWith('master_') ? KEYDB_HOST.exec(name) : null
    const l = m === null ? undefined : link(field, `master_${m[1]}_`)
    if (m !== null && l !== undefined) numbered.push([Number(m[1]), l])
  }
  for (const [, l] of numbered.sort((a, b) => a[0] - b[0])) out.push(l)
  return out
}
