import { describe, expect, it } from 'vitest'
import { MAX_INFO_TEXT } from '../../../lib/bounds'
import { readInfo } from '../../../lib/parse/info'
import { infoSectionsText } from '../../../lib/parse/info-sections'
import { captures } from './fixture'

const ONLY = new Set(['server', 'cluster', 'replication'])

/** A plain reading: every field whose line is before any header or in an asked section. */
function reference(text: string, only: ReadonlySet<string>): Record<string, string> {
  const info: Record<string, string> = {}
  let keep = true
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('#')) keep = only.has(line.slice(1).trim().toLowerCase())
    else if (keep && line.indexOf(':') > 0) {
      info[line.slice(0, line.indexOf(':'))] = line.slice(line.indexOf(':') + 1)
    }
  }
  return info
}

describe('infoSectionsText', () => {
  it.each(Object.entries(captures()))('keeps the asked sections of %s', (_n, text) => {
    const whole = readInfo(text)
    const { info, sections } = readInfo(infoSectionsText(text, ONLY))
    expect({ ...info }).toEqual(reference(text, ONLY))
    expect(sections).toEqual(whole.sections.filter((s) => ONLY.has(s)))
    for (const name of [
      'redis_version',
      'valkey_version',
      'role',
      'cluster_enabled',
      'redis_mode',
    ]) {
      expect(info[name]).toBe(whole.info[name])
    }
  })

  it.each<[string, string, string]>([
    ['empty', '', ''],
    ['no header: all kept', 'a:1\r\nb:2', 'a:1\r\nb:2'],
    ['lines before the first header are kept', 'a:1\n# Stats\nb:2\n', 'a:1\n'],
    ['a header on the first line', '# Stats\nb:2\n# Server\nv:7\n', '# Server\nv:7\n'],
    ['CRLF and case', '# STATS\r\nb:2\r\n# Server \r\nv:7\r\n', '# Server \r\nv:7\r\n'],
    ['a skipped header as the last line', '# Server\nv:7\n# Stats', '# Server\nv:7\n'],
    ['an asked header as the last line', '# Stats\nb:2\n# Cluster', '# Cluster'],
    [
      'a # inside a line is no header',
      '# Stats\nx:#y\n# Replication\nrole:master',
      '# Replication\nrole:master',
    ],
    ['an empty header', '#\na:1\n# Server\nv:7', '# Server\nv:7'],
  ])('%s', (_name, text, expected) => {
    expect(infoSectionsText(text, ONLY)).toBe(expected)
  })

  it('looks at the first MAX_INFO_TEXT characters only', () => {
    const head = '# Server\nv:7\n'
    const text = head + 'x'.repeat(MAX_INFO_TEXT) + '\n# Cluster\ncluster_enabled:1\n'
    const out = infoSectionsText(text, ONLY)
    expect(out.length).toBe(MAX_INFO_TEXT)
    expect(readInfo(out).info['cluster_enabled']).toBeUndefined()
  })

  it('skips 50,000 sections before an asked one', () => {
    const text = '# Stats\na:1\n'.repeat(50_000) + '# Server\nv:7\n'
    expect(readInfo(infoSectionsText(text, ONLY)).info).toEqual({ v: '7' })
  })
})
