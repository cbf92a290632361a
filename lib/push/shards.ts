/**
 * Which shard of a fleet push collects a target. A fleet too large for one invocation is split
 * into `of` shards, each collected by its own invocation (an EventBridge Scheduler schedule, a
 * Cloudflare Queues message). The assignment is a pure function of the target's id and `of`:
 *
 * - stable: the same id lands in the same shard on every run, so the warm container of that
 *   shard keeps its connection and its counter state;
 * - minimal movement: adding or removing a target moves no other target; changing `of` from N to
 *   N+1 moves about 1/(N+1) of the targets (jump consistent hash, Lamping and Veach 2014), and
 *   only into the new shard.
 *
 * Configured targets (the seeds) are assigned, before discovery: the nodes a seed expands to
 * stay in its shard, so each shard asks only its own seeds for their nodes and a cluster is
 * never split across invocations.
 */

/** The most shards a push may be split into (REDIS_EXPORTER_PUSH_SHARDS's bound). */
export const MAX_SHARDS = 100

/** One invocation's part of a fleet: shard `index` (0-based) of `of`. */
export interface Shard {
  readonly index: number
  readonly of: number
}

/** The shard of an unsharded push: everything. */
export const WHOLE: Shard = { index: 0, of: 1 }

const MASK_64 = (1n << 64n) - 1n
const FNV_OFFSET = 0xcbf29ce484222325n
const FNV_PRIME = 0x100000001b3n
const encoder = new TextEncoder()

/** FNV-1a, 64 bits, of the UTF-8 bytes of `text`. */
export function fnv1a64(text: string): bigint {
  let h = FNV_OFFSET
  for (const byte of encoder.encode(text)) {
    h ^= BigInt(byte)
    h = (h * FNV_PRIME) & MASK_64
  }
  return h
}

/** Jump consistent hash: the bucket in [0, buckets) of a 64-bit key. */
export function jumpHash(key: bigint, buckets: number): number {
  let k = key & MASK_64
  let b = -1
  let j = 0
  while (j < buckets) {
    b = j
    k = (k * 2862933555777941757n + 1n) & MASK_64
    j = Math.floor((b + 1) * (2 ** 31 / Number((k >> 33n) + 1n)))
  }
  return b
}

/** The shard (0-based) of the target `id` in a push split into `of` shards. */
export function shardOf(id: string, of: number): number {
  if (of <= 1) return 0
  return jumpHash(fnv1a64(id), of)
}

/** The targets `shard` collects, in their configured order. */
export function targetsOfShard<T extends { readonly id: string }>(
  targets: readonly T[],
  shard: Shard
): T[] {
  if (shard.of <= 1) return [...targets]
  return targets.filter((t) => shardOf(t.id, shard.of) === shard.index)
}

/** `index/of`, as logs and the Shard dimension show a shard. */
export function shardLabel(shard: Shard): string {
  return `${shard.index}/${shard.of}`
}
