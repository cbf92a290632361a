import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

setFlagsFromString('--expose-gc')
/** V8's full collection, exposed to the tests that check what a cache or a decoder keeps alive. */
export const gc = runInNewContext('gc') as () => void

/**
 * Heap bytes still used, after a full collection, once `keep` has run and while what it returned
 * is held: what that result keeps alive, and nothing `keep` only passed through.
 */
export function retainedBytes(keep: () => unknown): number {
  gc()
  const before = process.memoryUsage().heapUsed
  const held = keep()
  gc()
  const bytes = process.memoryUsage().heapUsed - before
  // Read after the measure: the result is alive until here.
  if (held === undefined) throw new Error('retainedBytes: keep() returned nothing to hold')
  return bytes
}
