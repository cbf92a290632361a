import type { EnvRecord } from '../../lib/settings/read'

/**
 * The variable names `read` looks up in an environment where nothing is set (plus `base`),
 * sorted. Errors are swallowed: what was read before the error still counts.
 */
export function namesRead(read: (env: EnvRecord) => unknown, base: EnvRecord = {}): string[] {
  const seen = new Set<string>()
  const env = new Proxy({ ...base } as Record<string, string | undefined>, {
    get(target, key) {
      if (typeof key === 'string') seen.add(key)
      return typeof key === 'string' ? target[key] : undefined
    },
  })
  try {
    read(env)
  } catch {
    // the names read up to here are what this helper reports
  }
  return [...seen].sort()
}
