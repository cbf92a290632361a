import { BoundedMap } from '../primitives/bounded-map'
import type { CachedSlots } from './cluster-route'

/** One SCAN walk that may span scrapes: a cursor and what the walk found so far. */
export interface ScanPass {
  cursor: string
  /** SCAN (or key-group script) calls in the current walk. */
  calls: number
  /** check-keys / check-streams: keys found in the current walk (bounded). */
  readonly found: Set<string>
  /** count-keys: keys counted in the current walk. */
  count: number
  /** key groups: count and memory per group in the current walk. */
  readonly groups: Map<string, { count: number; memory: number }>
  /** On a cluster: the index of the master being walked, of the masters listed in `ring`. */
  shard: number
  /** On a cluster: the masters the walk visits, in order (a change restarts the walk). */
  ring: string
  /** Walks finished since the pass was created. */
  completed: number
  /** The last finished walk's result; exported until the next walk finishes. */
  last?: ScanResult
}

export interface ScanResult {
  readonly keys: readonly string[]
  readonly count: number
  readonly groups: ReadonlyMap<string, { readonly count: number; readonly memory: number }>
}

/** What the key checks remember about one target between scrapes. */
export interface KeyState {
  /** Walks by check, database and pattern. */
  readonly passes: BoundedMap<string, ScanPass>
  /** Commands (SCAN, XINFO, EVAL, MEMORY…) the target refused as blocked, until when (ms). */
  readonly blocked: Map<string, number>
  /** Whether each check's commands answered (true) or were refused (false), for collector_available. */
  readonly available: Map<string, boolean>
  /** REDIS_EXPORTER_IS_CLUSTER: the target's slot map, kept for SLOT_MAP_TTL_MS. */
  slots?: CachedSlots
}

/** Most walks remembered per target (patterns × databases); the least recently used goes first. */
export const MAX_SCAN_PASSES = 256

/** Most keys one check-keys / check-streams walk keeps (the rest are not looked up). */
export const MAX_FOUND_KEYS = 1000

export function newKeyState(): KeyState {
  return {
    passes: new BoundedMap(MAX_SCAN_PASSES),
    blocked: new Map(),
    available: new Map(),
  }
}

export function newScanPass(): ScanPass {
  return {
    cursor: '0',
    calls: 0,
    found: new Set(),
    count: 0,
    groups: new Map(),
    shard: 0,
    ring: '',
    completed: 0,
  }
}

/** Ends the current walk: its result becomes `last`, and the next walk starts from cursor 0. */
export function finishWalk(pass: ScanPass): void {
  pass.last = { keys: [...pass.found], count: pass.count, groups: new Map(pass.groups) }
  pass.completed += 1
  restartWalk(pass)
}

/** Drops the current walk's progress: the next SCAN starts from cursor 0 on the first master. */
export function restartWalk(pass: ScanPass): void {
  pass.cursor = '0'
  pass.shard = 0
  pass.calls = 0
  pass.found.clear()
  pass.count = 0
  pass.groups.clear()
}
