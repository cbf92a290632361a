import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../../lib/errors'
import type { ReadFile } from '../../../lib/settings/setting-files'
import {
  MAX_SETTING_FILE_BYTES,
  loadScriptFiles,
  loadSettingFiles,
} from '../../../lib/settings/setting-files'

const encode = (text: string): Uint8Array => new TextEncoder().encode(text)

/** A file system of `files`; other paths throw ENOENT as Node's readFileSync does. */
function reader(files: Record<string, string | Uint8Array>): ReadFile & { reads: string[] } {
  const reads: string[] = []
  const read = (path: string): Uint8Array => {
    reads.push(path)
    const body = files[path]
    if (body === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
    return typeof body === 'string' ? encode(body) : body
  }
  return Object.assign(read, { reads })
}

describe('loadSettingFiles', () => {
  it('reads each file setting that is set, keyed by its variable, and nothing else', () => {
    const read = reader({ '/etc/ca.pem': 'CA', '/etc/map.json': '{"redis://h:1":"pw"}' })
    const files = loadSettingFiles(
      {
        REDIS_EXPORTER_TLS_CA_CERT_FILE: ' /etc/ca.pem ',
        REDIS_PASSWORD_FILE: '/etc/map.json',
        REDIS_ADDR: 'redis://h:1',
      },
      read
    )
    expect(files).toEqual({
      REDIS_EXPORTER_TLS_CA_CERT_FILE: 'CA',
      REDIS_PASSWORD_FILE: '{"redis://h:1":"pw"}',
    })
    expect(read.reads.sort()).toEqual(['/etc/ca.pem', '/etc/map.json'])
  })

  it.each<[string, Record<string, string | Uint8Array>, string]>([
    ['a missing file', {}, 'REDIS_PASSWORD_FILE: cannot read /x (ENOENT)'],
    [
      'an oversized file',
      { '/x': new Uint8Array(MAX_SETTING_FILE_BYTES + 1) },
      `REDIS_PASSWORD_FILE: /x is larger than ${MAX_SETTING_FILE_BYTES} bytes`,
    ],
  ])('%s is a ConfigError naming the variable and the path', (_what, files, message) => {
    const load = () => loadSettingFiles({ REDIS_PASSWORD_FILE: '/x' }, reader(files))
    expect(load).toThrow(ConfigError)
    expect(load).toThrow(message)
  })

  it('never puts the contents of a file in its error', () => {
    const read: ReadFile = () => {
      throw new Error('secret-contents')
    }
    expect(() => loadSettingFiles({ REDIS_PASSWORD_FILE: '/x' }, read)).toThrow(
      'REDIS_PASSWORD_FILE: cannot read /x (error)'
    )
  })
})

describe('loadScriptFiles', () => {
  it('reads each script of the list, labelled by its path as given', () => {
    const read = reader({ 'a.lua': 'return {"a", 1}', '/b.lua': 'return {}' })
    expect(loadScriptFiles({ REDIS_EXPORTER_SCRIPT: ' a.lua , /b.lua' }, read)).toEqual([
      { filename: 'a.lua', text: 'return {"a", 1}' },
      { filename: '/b.lua', text: 'return {}' },
    ])
    expect(loadScriptFiles({}, read)).toEqual([])
  })

  it('names the variable and the script of a missing file', () => {
    expect(() => loadScriptFiles({ REDIS_EXPORTER_SCRIPT: 'gone.lua' }, reader({}))).toThrow(
      'REDIS_EXPORTER_SCRIPT: cannot read the Lua script gone.lua (ENOENT)'
    )
  })
})
