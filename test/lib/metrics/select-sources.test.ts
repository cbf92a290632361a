import { describe, expect, it } from 'vitest'
import { FAMILIES } from '../../../lib/metrics/catalog/families'
import type { Descriptor } from '../../../lib/metrics/descriptor'
import { selectsSource } from '../../../lib/metrics/select-sources'

const only =
  (...names: string[]) =>
  (d: Descriptor): boolean =>
    names.includes(d.name)

describe('selectsSource', () => {
  it.each<[string, ((d: Descriptor) => boolean) | undefined, string[], boolean]>([
    ['no selection: everything is built', undefined, ['INFO commandstats'], true],
    ['a selected commandstats family', only('commands_total'), ['INFO commandstats'], true],
    ['none from that source', only('memory_used_bytes', 'up'), ['INFO commandstats'], false],
    [
      'one of several sources',
      only('errors_total'),
      ['INFO latencystats', 'INFO errorstats'],
      true,
    ],
    ['a Sentinel INFO family', only('sentinel_masters'), ['INFO sentinel'], true],
    [
      'a Sentinel command family is not INFO',
      only('sentinel_master_ok_slaves'),
      ['INFO sentinel'],
      false,
    ],
  ])('%s', (_what, select, sources, expected) => {
    expect(selectsSource(select, ...sources)).toBe(expected)
  })

  it('gives the same answer twice (worked out once per selection and source)', () => {
    const select = only(FAMILIES.slowlog_length.name)
    expect(selectsSource(select, 'SLOWLOG')).toBe(true)
    expect(selectsSource(select, 'SLOWLOG')).toBe(true)
    expect(selectsSource(select, 'LATENCY')).toBe(false)
  })
})
