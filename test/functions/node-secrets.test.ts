import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeConfig, readScriptFiles } from '../../functions/node-secrets'
import { ConfigError } from '../../lib/errors'

describe('REDIS_EXPORTER_SCRIPT files', () => {
  let dir: string
  let a: string
  let b: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scripts-'))
    a = join(dir, 'a.lua')
    b = join(dir, 'b.lua')
    writeFileSync(a, "return {'a', '1'}")
    writeFileSync(b, "return {'b', '2'}")
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reads every listed file, labelled by its path as written', () => {
    expect(readScriptFiles({ REDIS_EXPORTER_SCRIPT: ` ${a} ,${b}` })).toEqual([
      { filename: a, text: "return {'a', '1'}" },
      { filename: b, text: "return {'b', '2'}" },
    ])
    expect(readScriptFiles({})).toEqual([])
  })

  it('gives the Node server its scripts', () => {
    const { config } = nodeConfig({ REDIS_EXPORTER_SCRIPT: a })
    expect(config.keyChecks.scripts).toEqual([{ filename: a, text: "return {'a', '1'}" }])
  })

  it('refuses a missing file at startup, naming the variable and the path', () => {
    const missing = join(dir, 'nope.lua')
    expect(() => readScriptFiles({ REDIS_EXPORTER_SCRIPT: missing })).toThrow(ConfigError)
    expect(() => readScriptFiles({ REDIS_EXPORTER_SCRIPT: missing })).toThrow(
      `REDIS_EXPORTER_SCRIPT: cannot read the Lua script ${missing} (ENOENT)`
    )
  })
})
