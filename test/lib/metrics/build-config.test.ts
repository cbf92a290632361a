import { describe, expect, it } from 'vitest'
import { configDatabases } from '../../../lib/metrics/build-config'
import { sampleValue } from '../../helpers/prom-text'
import { CONFIG, parsed, upSnapshot } from './build-fixtures'

describe('buildFamilies CONFIG families', () => {
  it.each<
    [string, Readonly<Record<string, string>> | undefined, Record<string, number | undefined>]
  >([
    [
      'CONFIG unavailable: maxclients and maxmemory come from INFO, the others are absent',
      undefined,
      {
        redis_config_maxclients: 4064,
        redis_config_maxmemory: 104857600,
        redis_config_io_threads: undefined,
        redis_config_repl_backlog_size: undefined,
      },
    ],
    [
      'CONFIG available: its values win over INFO',
      { ...CONFIG, maxmemory: '2147483648' },
      {
        redis_config_maxclients: 10000,
        redis_config_maxmemory: 2147483648,
        redis_config_io_threads: 1,
        redis_config_repl_backlog_size: 1048576,
      },
    ],
  ])('%s', (_what, config, expected) => {
    const info = { maxclients: '4064', maxmemory: '104857600' }
    const families = parsed(upSnapshot({ info, ...(config ? { config } : {}) }))
    for (const [name, value] of Object.entries(expected)) {
      expect(sampleValue(families, name), name).toBe(value)
    }
  })

  it('writes hard and soft bytes and the soft seconds per client class', () => {
    const families = parsed(upSnapshot({ info: {}, config: CONFIG }))
    const bytes = families.get('redis_config_client_output_buffer_limit_bytes')?.samples ?? []
    expect(bytes.map((s) => [s.labels['class'], s.labels['limit'], s.value])).toEqual([
      ['normal', 'hard', 0],
      ['normal', 'soft', 0],
      ['slave', 'hard', 268435456],
      ['slave', 'soft', 67108864],
      ['pubsub', 'hard', 33554432],
      ['pubsub', 'soft', 8388608],
    ])
    const secs = families.get('redis_config_client_output_buffer_limit_overcome_seconds')?.samples
    expect(secs?.map((s) => [s.labels['class'], s.labels['limit'], s.value])).toEqual([
      ['normal', 'soft', 0],
      ['slave', 'soft', 60],
      ['pubsub', 'soft', 60],
    ])
  })
})

describe('configDatabases', () => {
  it.each<[Record<string, string> | undefined, number | undefined]>([
    [undefined, undefined],
    [{}, undefined],
    [{ databases: '16' }, 16],
    [{ databases: '0' }, undefined],
    [{ databases: '-3' }, undefined],
    [{ databases: '2.5' }, undefined],
    [{ databases: 'abc' }, undefined],
    [{ databases: '100000' }, 100000],
  ])('reads %j as %s', (config, expected) => {
    expect(configDatabases(config)).toBe(expected)
  })
})
