/** Large topology replies for the discovery limit tests. */

/** One `CLUSTER NODES` line for node `i` (a 40-digit id, an address derived from `i`). */
export function clusterNodesLine(i: number, flags = 'master'): string {
  return `${String(i).padStart(40, '0')} 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:7000@17000 ${flags} - 0 0 1 connected`
}

/** `count` consecutive `CLUSTER NODES` lines starting at node `from`. */
export function clusterNodesLines(count: number, from = 0, flags = 'master'): string[] {
  return Array.from({ length: count }, (_, i) => clusterNodesLine(from + i, flags))
}

/** A RESP3 `CLUSTER SHARDS` node map that counts how often it is read. */
export class CountedNode extends Map<unknown, unknown> {
  static reads = 0
  override entries() {
    CountedNode.reads += 1
    return super.entries()
  }
}

/** Node `i` of a `CLUSTER SHARDS` reply, as a counted map. */
export function shardNode(i: number, role = 'master'): CountedNode {
  return new CountedNode([
    ['id', `n${i}`],
    ['ip', `10.1.${(i >> 8) & 255}.${i & 255}`],
    ['port', 7000],
    ['role', role],
  ])
}
