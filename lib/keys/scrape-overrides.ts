import { ConfigError, RequestError } from '../errors'
import type { KeyChecks } from './key-checks'
import { KEY_OVERRIDES } from './key-checks'
import { parseKeySpecs } from './key-spec'

/** Longest value of one override parameter, in characters. */
export const MAX_OVERRIDE_LENGTH = 16 * 1024

type Overrides = {
  -readonly [K in (typeof KEY_OVERRIDES)[keyof typeof KEY_OVERRIDES][0]]?: KeyChecks[K]
}

/**
 * redis_exporter's per-request key settings of /scrape (`check-keys`, `check-single-keys`,
 * `check-streams`, `check-single-streams`, `count-keys`): each given one replaces the configured
 * one for that request. A repeated, over-long or unparsable value is a RequestError (400) with a
 * one-line reason naming the parameter.
 */
export function keyOverrides(query: (name: string) => readonly string[] | undefined): Overrides {
  const out: Overrides = {}
  for (const [param, [field]] of Object.entries(KEY_OVERRIDES)) {
    const values = query(param) ?? []
    if (values.length === 0) continue
    if (values.length > 1) throw new RequestError(`'${param}' parameter given more than once`)
    const raw = values[0]!
    if (raw.length > MAX_OVERRIDE_LENGTH) {
      throw new RequestError(`'${param}' is longer than ${MAX_OVERRIDE_LENGTH} characters`)
    }
    try {
      out[field] = parseKeySpecs(param, raw)
    } catch (err) {
      if (err instanceof ConfigError) throw new RequestError(err.message)
      throw err
    }
  }
  return out
}

/** The key checks of one /scrape request: the configured ones with its overrides. */
export function withOverrides(checks: KeyChecks, overrides: Overrides): KeyChecks {
  return Object.keys(overrides).length === 0 ? checks : { ...checks, ...overrides }
}
