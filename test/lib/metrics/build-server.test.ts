import { describe, expect, it } from 'vitest'
import { FamilySet } from '../../../lib/metrics/family-set'
import { addServerFamilies } from '../../../lib/metrics/build-server'
import { parseInfo } from '../../../lib/parse/info'
import { renderPrometheus } from '../../../lib/render/prometheus'
import { parsePromText, sampleValue } from '../../helpers/prom-text'
import { fixtureText, parsed, scenario, upSnapshot } from './build-fixtures'

describe('addServerFamilies on the real captures', () => {
  const standalone = parsed(scenario('redis-7.0-standalone.prom'))
  const replica = parsed(scenario('redis-7.0-replica.prom'))

  it('labels instance_info with the server fields from INFO', () => {
    const samples = standalone.get('redis_instance_info')?.samples
    expect(samples).toEqual([
      {
        name: 'redis_instance_info',
        labels: {
          role: 'master',
          redis_version: '7.0.15',
          redis_build_id: 'ae4d7c971a948f0',
          redis_mode: 'standalone',
          os: 'Linux 6.18.44-fc-v669 x86_64',
          maxmemory_policy: 'noeviction',
          tcp_port: '26401',
          run_id: 'd9c12c921deabff51497120bef834eff9be21710',
          process_id: '9037',
          master_replid: 'a2108c0ef9b54398219913e30b893e1f659d7d61',
        },
        value: 1,
      },
    ])
  })

  it('omits the replica-only families on a master and the master-only ones on a replica', () => {
    expect(standalone.has('redis_slave_info')).toBe(false)
    expect(standalone.has('redis_master_link_up')).toBe(false)
    expect(standalone.has('redis_connected_slave_offset_bytes')).toBe(false)
    expect(replica.has('redis_connected_slave_offset_bytes')).toBe(false)
    expect(replica.has('redis_config_io_threads')).toBe(false)
    expect(replica.has('redis_commands_latencies_usec')).toBe(false)
  })
})

describe('addServerFamilies', () => {
  const page = (info: Record<string, string>) => {
    const set = new FamilySet('redis')
    addServerFamilies(set, info, 1_000)
    return parsePromText(renderPrometheus(set.list()))
  }

  it('adds the Valkey labels after the others, only when INFO has them', () => {
    const info = { ...parseInfo(fixtureText('info-redis-7.0.txt')), valkey_version: '8.1.0' }
    const [sample] = page(info).get('redis_instance_info')?.samples ?? []
    expect(Object.keys(sample?.labels ?? {})).toEqual([
      'role',
      'redis_version',
      'redis_build_id',
      'redis_mode',
      'os',
      'maxmemory_policy',
      'tcp_port',
      'run_id',
      'process_id',
      'master_replid',
      'valkey_version',
    ])
    expect(sample?.labels['valkey_version']).toBe('8.1.0')
  })

  it('writes an empty label for an instance field INFO lacks', () => {
    const [sample] = page({ role: 'master' }).get('redis_instance_info')?.samples ?? []
    expect(sample?.labels['role']).toBe('master')
    expect(sample?.labels['redis_version']).toBe('')
    expect(Object.keys(sample?.labels ?? {})).toHaveLength(10)
  })

  it('writes no instance_info without redis_version and role', () => {
    expect(page({ os: 'Linux' }).has('redis_instance_info')).toBe(false)
  })

  it.each<[string, number | undefined]>([
    ['garbage', undefined],
    ['1', 1795319046],
    ['0', 1795319047],
  ])('writes start_time_seconds for uptime_in_seconds %j', (uptime, expected) => {
    const families = parsed(upSnapshot({ info: { uptime_in_seconds: uptime } }))
    expect(sampleValue(families, 'redis_start_time_seconds')).toBe(expected)
  })
})
