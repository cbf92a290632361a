import { describe, expect, it } from 'vitest'
import { REDACTED_CONFIG_PARAMETERS } from '../../../lib/metrics/build-config-metrics'
import { parseConfigGet } from '../../../lib/parse/config-get'
import { NO_OPT_INS } from '../../../lib/settings/collector-settings'
import { sampleValue } from '../../helpers/prom-text'
import { fixtureText, parsed, upSnapshot } from './build-fixtures'

const opts = (redact: boolean) => ({
  optIns: { ...NO_OPT_INS, includeConfigMetrics: true, redactConfigMetrics: redact },
})

describe.each([2, 3] as const)('config metrics from a real CONFIG GET * (RESP%i)', (resp) => {
  const config = parseConfigGet(
    JSON.parse(fixtureText(`config-get-all-redis-7.0-resp${resp}.json`))
  )
  const page = (redact: boolean) => parsed(upSnapshot({ config }), opts(redact))

  it('has a config_key_value series per parameter and config_value for the numeric ones', () => {
    const families = page(true)
    const kv = families.get('redis_config_key_value')!
    const kept = Object.keys(config).filter((k) => !REDACTED_CONFIG_PARAMETERS.includes(k))
    expect(kept.length).toBeGreaterThan(180)
    expect(kv.samples.map((s) => s.labels['key'])).toEqual(kept.sort())
    expect(
      sampleValue(families, 'redis_config_key_value', { key: 'appendonly', value: 'no' })
    ).toBe(1)
    expect(sampleValue(families, 'redis_config_value', { key: 'maxclients' })).toBe(10000)
    expect(sampleValue(families, 'redis_config_value', { key: 'appendonly' })).toBeUndefined()
    // The mapped families still come from the same values.
    expect(sampleValue(families, 'redis_config_maxclients')).toBe(10000)
  })

  it.each([
    [true, undefined],
    [false, 1],
  ])('redact=%s: requirepass is %s', (redact, present) => {
    const families = page(redact)
    const value = sampleValue(families, 'redis_config_key_value', {
      key: 'requirepass',
      value: 'fixture-pw',
    })
    expect(value).toBe(present)
  })
})

describe('config metrics', () => {
  it("redacts exactly redis_exporter's four parameters", () => {
    expect(REDACTED_CONFIG_PARAMETERS).toEqual([
      'masterauth',
      'requirepass',
      'tls-key-file-pass',
      'tls-client-key-file-pass',
    ])
  })

  it('are absent when the setting is off or CONFIG is unavailable', () => {
    const config = { maxclients: '10000', appendonly: 'no' }
    expect(parsed(upSnapshot({ config })).has('redis_config_key_value')).toBe(false)
    expect(parsed(upSnapshot({}), opts(true)).has('redis_config_key_value')).toBe(false)
  })
})
