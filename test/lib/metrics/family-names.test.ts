import { describe, expect, it } from 'vitest'
import { FAMILIES } from '../../../lib/metrics/catalog/families'
import type { Descriptor } from '../../../lib/metrics/descriptor'
import { familyNames } from '../../../lib/metrics/family-names'
import { headerBytes } from '../../../lib/render/page-size'

describe('familyNames', () => {
  it.each<[string, Descriptor, string, string, string]>([
    ['a catalog family', FAMILIES.up, 'redis_', 'redis_up', 'redis_up'],
    ['no namespace', FAMILIES.up, '', 'up', 'up'],
    [
      'a name to escape',
      { ...FAMILIES.hz, name: 'a\\b\nc', help: 'h\\\n' },
      'ns_',
      'ns_a\\b\nc',
      'ns_a\\\\b\\nc',
    ],
  ])('%s', (_what, desc, prefix, name, written) => {
    const names = familyNames(desc, prefix)
    expect(names.name).toBe(name)
    expect(names.written).toBe(written)
    expect(names.header).toBe(
      `# HELP ${written} ${desc.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${written} ${desc.type}`
    )
    expect(names.headerBytes).toBe(headerBytes(name, desc.help, desc.type))
  })

  it('makes the names once per descriptor and namespace', () => {
    const first = familyNames(FAMILIES.hz, 'a_')
    expect(familyNames(FAMILIES.hz, 'a_')).toBe(first)
    expect(familyNames(FAMILIES.hz, 'b_').name).toBe('b_hz')
    expect(familyNames(FAMILIES.hz, 'a_').name).toBe('a_hz')
  })
})
