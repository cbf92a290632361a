import { NO_OPT_INS } from '../../../lib/settings/collector-settings'
import { describe, expect, it } from 'vitest'
import { collectOptionsFor } from '../../../lib/collect/options'
import { parseConfig } from '../../../lib/config'
import { parseTarget } from '../../../lib/target'

describe('collectOptionsFor', () => {
  it('takes the defaults from the settings', () => {
    expect(collectOptionsFor(parseConfig({}))).toEqual({
      excludeLatency: false,
      configRefreshSeconds: 300,
      latencyRefreshSeconds: 30,
      configCommand: 'CONFIG',
      renamedCommands: { CONFIG: 'CONFIG' },
      disabledCollectors: [],
      setClientName: true,
      optIns: NO_OPT_INS,
      capabilityTtlSeconds: 600,
      connectionDb: 0,
    })
  })

  it.each<[string, Record<string, string>, string | undefined, Record<string, unknown>]>([
    [
      'REDIS_EXPORTER_CONFIG_COMMAND',
      { REDIS_EXPORTER_CONFIG_COMMAND: 'xyz' },
      undefined,
      { configCommand: 'xyz' },
    ],
    [
      'a rename of CONFIG, which wins over the config command',
      { REDIS_EXPORTER_RENAMED_COMMANDS: 'CONFIG=abc,SLOWLOG=s1' },
      undefined,
      { configCommand: 'abc', renamedCommands: { CONFIG: 'abc', SLOWLOG: 's1' } },
    ],
    [
      'CONFIG renamed away: never sent',
      { REDIS_EXPORTER_RENAMED_COMMANDS: 'CONFIG=-' },
      undefined,
      { configCommand: undefined },
    ],
    [
      "a target's own renames",
      { REDIS_EXPORTER_RENAMED_COMMANDS: '{"redis://b:6379":"LATENCY=lat"}' },
      'redis://b:6379',
      { renamedCommands: { CONFIG: 'CONFIG', LATENCY: 'lat' } },
    ],
    [
      'disabled collectors and latency',
      {
        REDIS_EXPORTER_DISABLED_COLLECTORS: 'slowlog,client',
        REDIS_EXPORTER_EXCLUDE_LATENCY_HISTOGRAM_METRICS: 'true',
      },
      undefined,
      { disabledCollectors: ['client', 'slowlog'], excludeLatency: true },
    ],
    [
      'only the own renames of the target asked for',
      { REDIS_EXPORTER_RENAMED_COMMANDS: '{"redis://b:6379":"LATENCY=lat"}' },
      'redis://c:6379',
      { renamedCommands: { CONFIG: 'CONFIG' } },
    ],
  ])('applies %s', (_what, env, target, expected) => {
    const opts = collectOptionsFor(parseConfig(env), target ? parseTarget(target) : undefined)
    for (const [key, value] of Object.entries(expected)) {
      expect(opts[key as keyof typeof opts], key).toEqual(value)
    }
  })
})
