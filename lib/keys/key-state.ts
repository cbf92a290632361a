import { BoundedMap } from '../primitives/bounded-map'

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
    completed: 0,
  }
}

/** Ends the current walk: its result becomes `last`, and the next walk starts from cursor 0. */
export function finishWalk(pass: ScanPass): void {
  pass.last = { keys: [...pass.found], count: pass.count, groups: new Map(pass.groups) }
  pass.completed += 1
  pass.cursor = '0'
  pass.calls = 0
  pass.found.clear()
  pass.count = 0
  pass.groups.clear()
}
