import { describe, expect, it } from 'vitest'
import { PROGRAM, nodeStart } from '../../../lib/settings/node-start'

function start(argv: string[], env: Record<string, string> = {}) {
  const lines: string[] = []
  return { result: nodeStart(argv, env, (line) => lines.push(line)), lines }
}

describe('nodeStart', () => {
  it.each<[string[], 0 | 2, RegExp]>([
    [['-help'], 0, new RegExp(`^Usage of ${PROGRAM}:\\n  -`)],
    [['-h'], 0, /-redis\.addr string/],
    [['-nope'], 2, /^flag provided but not defined: -nope\nUsage of /],
    [['-connection-timeout'], 2, /^flag needs an argument: -connection-timeout\n/],
  ])('%j exits %i', (argv, code, text) => {
    const { result } = start(argv)
    expect(result.kind).toBe('exit')
    if (result.kind !== 'exit') return
    expect(result.code).toBe(code)
    expect(result.text).toMatch(text)
  })

  it('runs with the flags over the environment and a logger of the settings asked for', () => {
    const { result, lines } = start(['-redis.addr', 'redis://flag:1', '-log-format=txt', 'x'], {
      REDIS_ADDR: 'redis://env:1',
      REDIS_PASSWORD: 'hunter2',
    })
    expect(result.kind).toBe('run')
    if (result.kind !== 'run') return
    expect(result.env['REDIS_ADDR']).toBe('redis://flag:1')
    expect(result.ignored).toEqual(['x'])
    expect(result.versionOnly).toBe(false)
    result.log({ level: 'warn', msg: 'the password is hunter2' })
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/level=warning msg="the password is <redacted>"/)
  })

  it('logs debug lines only at debug level, and says so first', () => {
    const quiet = start([])
    if (quiet.result.kind === 'run') quiet.result.log({ level: 'debug', msg: 'hidden' })
    expect(quiet.lines).toEqual([])
    const loud = start(['-debug'])
    expect(loud.lines.join('\n')).toContain('Enabling debug output')
  })

  it('reports -version for the entry to print', () => {
    const { result } = start(['-version'])
    expect(result.kind === 'run' && result.versionOnly).toBe(true)
  })

  it('describes a configuration error with the flag that set it, and never a secret', () => {
    const { result } = start(['-connection-timeout=soon'], { REDIS_PASSWORD: 'hunter2' })
    if (result.kind !== 'run') throw new Error('expected to run')
    const text = result.describeError(
      'REDIS_EXPORTER_CONNECTION_TIMEOUT: "soon" is not a duration (hunter2)'
    )
    expect(text).toMatch(
      new RegExp(`^${PROGRAM}: configuration error: REDIS_EXPORTER_CONNECTION_TIMEOUT`)
    )
    expect(text).toContain('(given as -connection-timeout)')
    expect(text).not.toContain('hunter2')
  })

  it('exits 2 on a bad log setting, naming it', () => {
    const { result } = start([], { REDIS_EXPORTER_LOG_FORMAT: 'xml' })
    expect(result.kind === 'exit' && result.code).toBe(2)
    expect(result.kind === 'exit' && result.text).toContain('REDIS_EXPORTER_LOG_FORMAT')
  })
})
