/**
 * Key groups: a Lua script walks the keyspace with SCAN on the server and sums the count and the
 * MEMORY USAGE of the keys per group; the exporter adds the batches up over a walk that may span
 * scrapes, then keeps the largest groups per database.
 */
import { asArray, asNumber, asString } from '../parse/reply'

/**
 * ARGV: cursor, SCAN COUNT, then the Lua patterns. Returns `{next cursor, group, count, bytes,
 * group, count, bytes…}`. A key's group is the concatenated captures of the first pattern that
 * matches it (the whole match for a pattern without captures), else `unclassified`.
 */
export const KEY_GROUPS_SCRIPT = `
local scan = redis.call('SCAN', ARGV[1], 'COUNT', ARGV[2])
local totals, names = {}, {}
for _, key in ipairs(scan[2]) do
  local group = 'unclassified'
  for i = 3, #ARGV do
    local found = { string.match(key, ARGV[i]) }
    if #found > 0 then
      group = table.concat(found)
      break
    end
  end
  local t = totals[group]
  if t == nil then
    t = { 0, 0 }
    totals[group] = t
    names[#names + 1] = group
  end
  t[1] = t[1] + 1
  t[2] = t[2] + (redis.call('MEMORY', 'USAGE', key) or 0)
end
local out = { scan[1] }
for _, group in ipairs(names) do
  out[#out + 1] = group
  out[#out + 1] = totals[group][1]
  out[#out + 1] = totals[group][2]
end
return out
`

/** Most distinct groups one walk accumulates per database before new ones go to `overflow`. */
export const MAX_WALK_GROUPS = 10_000

export interface GroupBatch {
  readonly cursor: string
  readonly groups: readonly { name: string; count: number; memory: number }[]
}

/** The script's reply; undefined when it is not the expected shape. */
export function parseGroupBatch(reply: unknown): GroupBatch | undefined {
  const items = asArray(reply)
  const cursor = asString(items?.[0])
  if (!items || cursor === undefined) return undefined
  const groups: { name: string; count: number; memory: number }[] = []
  for (let i = 1; i + 2 < items.length; i += 3) {
    const name = asString(items[i])
    if (name === undefined) continue
    groups.push({ name, count: asNumber(items[i + 1]) ?? 0, memory: asNumber(items[i + 2]) ?? 0 })
  }
  return { cursor, groups }
}

/** Adds a batch to a walk's totals; groups past MAX_WALK_GROUPS are summed as `overflow`. */
export function addBatch(
  totals: Map<string, { count: number; memory: number }>,
  batch: GroupBatch
): void {
  for (const g of batch.groups) {
    let name = g.name
    if (!totals.has(name) && totals.size >= MAX_WALK_GROUPS) name = 'overflow'
    const t = totals.get(name) ?? { count: 0, memory: 0 }
    t.count += g.count
    t.memory += g.memory
    totals.set(name, t)
  }
}

export interface RankedGroups {
  readonly groups: readonly { name: string; count: number; memory: number }[]
  /** Distinct groups found, before the ones past the limit were summed as `overflow`. */
  readonly distinct: number
}

/** The `max` largest groups by memory (then name); the others summed as `overflow`. */
export function rankGroups(
  totals: ReadonlyMap<string, { readonly count: number; readonly memory: number }>,
  max: number
): RankedGroups {
  const all = [...totals].map(([name, t]) => ({ name, count: t.count, memory: t.memory }))
  all.sort((a, b) => b.memory - a.memory || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const kept = all.slice(0, max)
  const rest = all.slice(max)
  if (rest.length > 0) {
    const overflow = kept.find((g) => g.name === 'overflow')
    const sum = {
      count: rest.reduce((n, g) => n + g.count, 0),
      memory: rest.reduce((n, g) => n + g.memory, 0),
    }
    if (overflow) {
      overflow.count += sum.count
      overflow.memory += sum.memory
    } else kept.push({ name: 'overflow', ...sum })
  }
  return { groups: kept, distinct: all.length }
}
