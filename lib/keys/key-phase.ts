import type { CollectOptions } from '../collect/snapshot'
import type { TargetState } from '../collect/target-state'
import { UNAVAILABLE_RETRY_MS } from '../collect/target-state'
import type { RedisTransport } from '../transport/transport'
import type { InfoRecord } from '../types'
import { collectKeys } from './collect-keys'
import type { KeyReport } from './key-report'
import { newKeyState } from './key-state'

/** The families of a key report: loaded with this chunk (Snapshot.addKeyFamilies). */
export { addKeyFamilies } from '../metrics/build-keys'

/** The key phase of a scrape when key checks are configured (else undefined): after INFO. */
export async function keyPhase(
  transport: RedisTransport,
  state: TargetState,
  opts: CollectOptions,
  info: InfoRecord
): Promise<KeyReport | undefined> {
  const checks = opts.keyChecks
  if (!checks || opts.signal.aborted) return undefined
  state.keys ??= newKeyState()
  const report = await collectKeys({
    transport,
    signal: opts.signal,
    now: opts.now,
    checks,
    state: state.keys,
    connectionDb: opts.connectionDb ?? 0,
    blockedForMs: (opts.capabilityTtlSeconds ?? UNAVAILABLE_RETRY_MS / 1000) * 1000,
    info,
    ...(opts.cluster ? { cluster: opts.cluster } : {}),
  })
  for (const [name, available] of report.available) {
    if (!available && opts.log && !state.logged.has(`keys:${name}`)) {
      state.logged.add(`keys:${name}`)
      opts.log({
        level: 'warn',
        msg: 'the target refuses a command of this check; its families are left out for a while',
        check: name,
      })
    }
  }
  if (report.clusterError && opts.log && !state.logged.has('keys:cluster')) {
    state.logged.add('keys:cluster')
    opts.log({
      level: 'warn',
      msg: 'REDIS_EXPORTER_IS_CLUSTER: keys of another master are left out',
      reason: report.clusterError,
    })
  }
  return report
}
