import { describe, expect, it } from 'vitest'
import { promtoolBinary, promtoolCheck } from './promtool'

const available = promtoolBinary() !== undefined

describe('promtoolCheck', () => {
  it.skipIf(!available)('finds no problem in a tiny valid text', async () => {
    const r = await promtoolCheck(
      '# HELP foo_bar_total Things.\n# TYPE foo_bar_total counter\nfoo_bar_total 1\n'
    )
    expect(r).toMatchObject({ available: true, problems: [], exitCode: 0 })
  })

  it.skipIf(!available)('reports a counter without _total', async () => {
    const r = await promtoolCheck('# HELP foo_bar Things.\n# TYPE foo_bar counter\nfoo_bar 1\n')
    expect(r.exitCode).toBe(3)
    expect(r.problems).toEqual(['foo_bar counter metrics should have "_total" suffix'])
  })

  it.skipIf(!available)('reports parse errors distinctly', async () => {
    const r = await promtoolCheck('foo_bar{ 1\n')
    expect(r.exitCode).toBe(1)
    expect(r.problems).toHaveLength(1)
    expect(r.problems[0]).toMatch(/^parse error: text format parsing error in line 1:/)
  })

  it.skipIf(available)('reports unavailability', async () => {
    expect(await promtoolCheck('x 1\n')).toEqual({ available: false, problems: [], stderr: '' })
  })
})
