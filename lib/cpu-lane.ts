/**
 * Long synchronous work (building and rendering the page of a huge reply) shares the one thread
 * that also answers /health and reads every other socket. A lane runs such pieces one per turn of
 * the event loop: a piece starts only once the loop has gone round since the previous one ended,
 * so whatever I/O is waiting is served between two pieces, not after all of them.
 */
export type CpuLane = <T>(work: () => T) => Promise<T>

/**
 * A lane for one app instance. Only where concurrent requests may await each other's promises
 * (the Node server); a Worker must not, so a scrape there yields with `nextTurn` alone.
 */
export function createCpuLane(): CpuLane {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(work: () => T): Promise<T> => {
    const run = tail.then(nextTurn).then(work)
    tail = run.catch(() => undefined)
    return run
  }
}

/** Resolves on a later turn of the event loop, after the I/O and timers already waiting. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0))
}
