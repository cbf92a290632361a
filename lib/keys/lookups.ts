/**
 * Key and stream lookups in two pipelined round trips: first TYPE (+ MEMORY USAGE) of every key,
 * XINFO STREAM and XINFO GROUPS of every stream, and the scripts; then the size (and value) of
 * every key by its type and XINFO CONSUMERS of every group.
 */
import { MAX_LABEL_VALUE, clip } from '../bounds'
import { asNumber, asString } from '../parse/reply'
import type { StreamConsumer, StreamGroup, StreamInfo } from '../parse/xinfo'
import { parseXinfoConsumers, parseXinfoGroups, parseXinfoStream } from '../parse/xinfo'
import type { Reply } from '../types'
import type { KeyChecks } from './key-checks'
import type { KeySample, ScriptSample, StreamSample } from './key-report'
import type { KeySpec } from './key-spec'
import { scriptJob } from './scripts'
import type { Job, KeyContext } from './wire'
import { fitting, isBlocked, roundTrip, wireCost } from './wire'

/** Most groups, and consumers per group, read per stream. */
export const MAX_STREAM_GROUPS = 100
export const MAX_GROUP_CONSUMERS = 100

/** The size command per key type (redis_exporter's; strings are handled apart). */
const SIZE_COMMAND: Readonly<Record<string, string>> = {
  list: 'LLEN',
  set: 'SCARD',
  zset: 'ZCARD',
  hash: 'HLEN',
  stream: 'XLEN',
}

interface KeyLookup {
  readonly spec: KeySpec
  type?: string
  memory?: number
  size?: number
  value?: number
  valueText?: string
}

interface StreamLookup {
  readonly spec: KeySpec
  info?: StreamInfo
  groups: (StreamGroup & { members?: readonly StreamConsumer[] })[]
}

export interface LookupResult {
  readonly keys: KeySample[]
  readonly streams: StreamSample[]
  readonly scripts: ScriptSample[]
  readonly scriptError?: string
}

/** A unit of the first round trip, with the commands it will need in the second. */
interface Unit {
  readonly jobs: Job[]
  readonly reserve: number
}

/** Looks up keys, streams and runs scripts within the budget; what did not fit is left out. */
export async function lookUp(
  ctx: KeyContext,
  checks: KeyChecks,
  wanted: { keys: readonly KeySpec[]; streams: readonly KeySpec[]; scripts: boolean }
): Promise<LookupResult> {
  const keys: KeyLookup[] = wanted.keys.map((spec) => ({ spec }))
  const streams: StreamLookup[] = wanted.streams.map((spec) => ({ spec, groups: [] }))
  const scripts: ScriptSample[] = []
  let scriptError: string | undefined
  const units: Unit[] = []
  if (wanted.scripts && !isBlocked(ctx, checks.scriptReadOnly ? 'EVAL_RO' : 'EVAL')) {
    for (const source of checks.scripts) {
      const job = scriptJob(source, checks.scriptReadOnly, (sample, error) => {
        scripts.push(sample)
        scriptError ??= error
      })
      units.push({ jobs: [job], reserve: 0 })
    }
  }
  const lookups: Unit[] = []
  if (!isBlocked(ctx, 'TYPE')) for (const k of keys) lookups.push(keyUnit(ctx, k))
  if (!isBlocked(ctx, 'XINFO')) for (const s of streams) lookups.push(streamUnit(s))
  // By database (the connection's first), so each database costs one SELECT there and back.
  units.push(...byDb(lookups, ctx.connectionDb, (u) => u.jobs[0]?.db))
  const first = affordable(ctx, units)
  if (!(await roundTrip(ctx, first))) ctx.budget.cut()
  if (!ctx.signal.aborted && !ctx.budget.timeUp()) {
    const second = byDb(
      [
        ...keys.flatMap((k) => sizeJobs(k, checks)),
        ...streams.flatMap((s) => consumerJobs(s, checks)),
      ],
      ctx.connectionDb,
      (j) => j.db
    )
    const fit = fitting(
      second.map((j) => [j]),
      ctx.budget.remaining,
      ctx.connectionDb
    )
    if (fit.length < second.length) ctx.budget.cut()
    if (!(await roundTrip(ctx, fit))) ctx.budget.cut()
  }
  return {
    keys: keys.filter((k) => k.size !== undefined).map(keySample),
    streams: streams.filter((s) => s.info !== undefined).map(streamSample),
    scripts,
    ...(scriptError !== undefined ? { scriptError } : {}),
  }
}

/** `items` stably sorted by database, the connection's own first. */
function byDb<T>(items: readonly T[], home: number, dbOf: (item: T) => number | undefined): T[] {
  const rank = (item: T): number => {
    const db = dbOf(item) ?? home
    return db === home ? -1 : db
  }
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => rank(a.item) - rank(b.item) || a.i - b.i)
    .map((x) => x.item)
}

/** The longest prefix of units whose commands, with their second-trip reserve, fit the budget. */
function affordable(ctx: KeyContext, units: readonly Unit[]): Job[] {
  const out: Job[] = []
  let reserve = 0
  for (const unit of units) {
    const cost = wireCost([...out, ...unit.jobs], ctx.connectionDb) + reserve + unit.reserve
    if (cost > ctx.budget.remaining) {
      ctx.budget.cut()
      break
    }
    out.push(...unit.jobs)
    reserve += unit.reserve
  }
  return out
}

function keyUnit(ctx: KeyContext, k: KeyLookup): Unit {
  const { db, key } = k.spec
  const jobs: Job[] = [
    { db, command: ['TYPE', key], onReply: (r) => (k.type = r.ok ? asString(r.value) : undefined) },
  ]
  if (!isBlocked(ctx, 'MEMORY')) {
    jobs.push({
      db,
      command: ['MEMORY', 'USAGE', key],
      onReply: (r) => (k.memory = r.ok ? asNumber(r.value) : undefined),
    })
  }
  return { jobs, reserve: 3 }
}

function streamUnit(s: StreamLookup): Unit {
  const { db, key } = s.spec
  const jobs: Job[] = [
    {
      db,
      command: ['XINFO', 'STREAM', key],
      onReply: (r) => (s.info = r.ok ? parseXinfoStream(r.value) : undefined),
    },
    {
      db,
      command: ['XINFO', 'GROUPS', key],
      onReply: (r) => (s.groups = r.ok ? parseXinfoGroups(r.value, MAX_STREAM_GROUPS) : []),
    },
  ]
  return { jobs, reserve: 2 }
}

/** Second trip of a key: by type; strings try PFCOUNT first (a HyperLogLog), then STRLEN and GET. */
function sizeJobs(k: KeyLookup, checks: KeyChecks): Job[] {
  const { db, key } = k.spec
  const size = (r: Reply): void => {
    if (r.ok && k.size === undefined) k.size = asNumber(r.value)
  }
  if (k.type !== 'string') {
    const cmd = k.type === undefined ? undefined : SIZE_COMMAND[k.type]
    return cmd ? [{ db, command: [cmd, key], onReply: size }] : []
  }
  let hll = false
  const jobs: Job[] = [
    { db, command: ['PFCOUNT', key], onReply: (r) => (hll = r.ok) && size(r) },
    { db, command: ['STRLEN', key], onReply: (r) => !hll && size(r) },
  ]
  if (!checks.disableValues) {
    jobs.push({ db, command: ['GET', key], onReply: (r) => !hll && r.ok && setValue(k, r.value) })
  }
  return jobs
}

function setValue(k: KeyLookup, value: unknown): void {
  const text = asString(value)
  if (text === undefined) return
  const n = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text) ? Number(text) : NaN
  if (Number.isFinite(n)) k.value = n
  else k.valueText = clip(text, MAX_LABEL_VALUE)
}

function consumerJobs(s: StreamLookup, checks: KeyChecks): Job[] {
  if (checks.excludeConsumers || s.info === undefined) return []
  const { db, key } = s.spec
  return s.groups.map((g, i) => ({
    db,
    command: ['XINFO', 'CONSUMERS', key, g.name] as const,
    onReply: (r: Reply) => {
      const consumers = r.ok ? parseXinfoConsumers(r.value, MAX_GROUP_CONSUMERS) : []
      s.groups[i] = { ...g, members: consumers }
    },
  }))
}

function keySample(k: KeyLookup): KeySample {
  return {
    db: k.spec.db,
    key: k.spec.key,
    ...(k.size !== undefined ? { size: k.size } : {}),
    ...(k.value !== undefined ? { value: k.value } : {}),
    ...(k.valueText !== undefined ? { valueText: k.valueText } : {}),
    ...(k.memory !== undefined ? { memory: k.memory } : {}),
  }
}

function streamSample(s: StreamLookup): StreamSample {
  return { db: s.spec.db, stream: s.spec.key, info: s.info ?? {}, groups: s.groups }
}
