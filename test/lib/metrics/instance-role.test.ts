import { describe, expect, it } from 'vitest'
import { parseInfo } from '../../../lib/parse/info'
import { withInstanceRole } from '../../../lib/metrics/instance-role'
import { NO_OPT_INS } from '../../../lib/settings/collector-settings'
import { DOWN, fixtureText, parsed, upSnapshot } from './build-fixtures'

const ROLE_ON = { optIns: { ...NO_OPT_INS, appendInstanceRoleLabel: true, pingOnConnect: true } }

describe('REDIS_EXPORTER_APPEND_INSTANCE_ROLE_LABEL', () => {
  it.each([
    ['info-redis-7.0.txt', 'master'],
    ['info-redis-7.0-replica.txt', 'slave'],
  ])('labels every Redis series of %s with instance_role=%s', (file, role) => {
    const snapshot = { ...upSnapshot({ info: parseInfo(fixtureText(file)) }), pingSeconds: 0.001 }
    const families = parsed(snapshot, ROLE_ON)
    for (const [name, family] of families) {
      const keep = [
        'redis_exporter_last_scrape_connect_time_seconds',
        'redis_exporter_last_scrape_ping_time_seconds',
        'redis_exporter_build_info',
      ].includes(name)
      for (const s of family.samples) {
        expect(s.labels['instance_role'], name).toBe(keep ? undefined : role)
      }
    }
    expect(families.get('redis_memory_used_bytes')?.samples[0]?.labels).toEqual({
      instance_role: role,
    })
  })

  it('leaves a failed scrape (no role known) and the default page alone', () => {
    for (const name of parsed(DOWN, ROLE_ON).keys()) expect(name).not.toContain('instance_role')
    const info = parseInfo(fixtureText('info-redis-7.0.txt'))
    const plain = parsed(upSnapshot({ info }))
    expect(plain.get('redis_memory_used_bytes')?.samples[0]?.labels).toEqual({})
    const down = parsed(DOWN, ROLE_ON).get('redis_up')?.samples[0]?.labels
    expect(down).toEqual({})
  })

  it('keeps the families and samples it is given, in order', () => {
    const families = [
      { name: 'ns_up', help: 'h', type: 'gauge' as const, samples: [{ labels: {}, value: 1 }] },
      {
        name: 'ns_exporter_last_scrape_connect_time_seconds',
        help: 'h',
        type: 'gauge' as const,
        samples: [{ labels: {}, value: 0.1 }],
      },
    ]
    expect(withInstanceRole(families, 'ns', 'master')).toEqual([
      { ...families[0], samples: [{ labels: { instance_role: 'master' }, value: 1 }] },
      families[1],
    ])
    expect(withInstanceRole(families, 'ns', undefined)).toBe(families)
  })
})
