import { describe, expect, it } from 'vitest'
import { MAX_SCAN_PASSES, finishWalk, newKeyState, newScanPass } from '../../../lib/keys/key-state'

describe('key state', () => {
  it('starts empty, its walks bounded', () => {
    const s = newKeyState()
    expect(s.blocked.size).toBe(0)
    for (let i = 0; i <= MAX_SCAN_PASSES; i++) s.passes.set(`p${i}`, newScanPass())
    expect(s.passes.get('p0')).toBeUndefined()
    expect(s.passes.get(`p${MAX_SCAN_PASSES}`)).toBeDefined()
  })

  it('finishing a walk keeps its result and restarts from cursor 0', () => {
    const pass = newScanPass()
    pass.cursor = '123'
    pass.calls = 4
    pass.count = 7
    pass.found.add('a')
    pass.groups.set('user', { count: 7, memory: 70 })
    finishWalk(pass)
    expect(pass).toMatchObject({ cursor: '0', calls: 0, count: 0, completed: 1 })
    expect(pass.found.size).toBe(0)
    expect(pass.groups.size).toBe(0)
    expect(pass.last?.count).toBe(7)
    expect(pass.last?.keys).toEqual(['a'])
    expect(pass.last?.groups.get('user')).toEqual({ count: 7, memory: 70 })
  })
})
