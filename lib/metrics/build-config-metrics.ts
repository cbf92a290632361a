import { MAX_CONFIG_PARAMETERS } from '../bounds'
import { parseConfigGet } from '../parse/config-get'
import { parseNumber } from '../parse/number'
import type { Descriptor } from './descriptor'
import { FAMILIES } from './catalog/families'
import type { FamilySet } from './family-set'

/** Left out of the config metrics unless REDIS_EXPORTER_REDACT_CONFIG_METRICS=false (as upstream). */
export const REDACTED_CONFIG_PARAMETERS: readonly string[] = [
  'masterauth',
  'requirepass',
  'tls-key-file-pass',
  'tls-client-key-file-pass',
]

type KeyValue = Descriptor<'gauge', 'key' | 'value', never>
type KeyOnly = Descriptor<'gauge', 'key', never>

/**
 * REDIS_EXPORTER_INCL_CONFIG_METRICS: `config_key_value{key,value}` = 1 for every parameter of
 * `CONFIG GET *` and `config_value{key}` for those whose value is a number, in key order, at most
 * MAX_CONFIG_PARAMETERS. `redact` leaves the password parameters out.
 */
export function addConfigMetrics(
  set: FamilySet,
  config: Readonly<Record<string, string>> | undefined,
  redact: boolean
): void {
  if (config) addKeyValues(set, config, redact, FAMILIES.config_key_value, FAMILIES.config_value)
}

/** The same for a Sentinel's `SENTINEL CONFIG GET *` (a reply, not cached). */
export function addSentinelConfigMetrics(set: FamilySet, reply: unknown, redact: boolean): void {
  const config = parseConfigGet(reply)
  const kv = FAMILIES.sentinel_config_key_value
  addKeyValues(set, config, redact, kv, FAMILIES.sentinel_config_value)
}

function addKeyValues(
  set: FamilySet,
  config: Readonly<Record<string, string>>,
  redact: boolean,
  keyValue: KeyValue,
  value: KeyOnly
): void {
  const keys = Object.keys(config).sort().slice(0, MAX_CONFIG_PARAMETERS)
  for (const key of keys) {
    if (redact && REDACTED_CONFIG_PARAMETERS.includes(key)) continue
    const raw = config[key]!
    set.sample(keyValue, 1, { key, value: raw })
    const n = parseNumber(raw)
    if (n !== undefined) set.sample(value, n, { key })
  }
}
