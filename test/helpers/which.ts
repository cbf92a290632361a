import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * Resolves an executable: `$envVar` if set (must be executable), else the first of `candidates`
 * that is an executable absolute path or is found on PATH. Undefined when none is available.
 */
export function findBinary(candidates: readonly string[], envVar?: string): string | undefined {
  const override = envVar ? process.env[envVar] : undefined
  if (override) return isExecutable(override) ? override : undefined
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean)
  for (const candidate of candidates) {
    if (candidate.includes('/')) {
      if (isExecutable(candidate)) return candidate
      continue
    }
    for (const dir of dirs) {
      const full = join(dir, candidate)
      if (isExecutable(full)) return full
    }
  }
  return undefined
}
