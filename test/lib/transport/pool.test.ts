import { describe, expect, it } from 'vitest'
import { parseTarget } from '../../../lib/target'
import type { Target } from '../../../lib/target'
import type { ClosableTransport } from '../../../lib/transport/pool'
import { TransportPool } from '../../../lib/transport/pool'

class Recorded implements ClosableTransport {
  closed = 0
  constructor(readonly target: Target) {}
  async send(): Promise<never[]> {
    return []
  }
  async close(): Promise<void> {
    this.closed += 1
  }
}

describe('TransportPool', () => {
  it('reuses one transport per target and closes the least recently used past the bound', async () => {
    const made: Recorded[] = []
    const pool = new TransportPool((t) => {
      const r = new Recorded(t)
      made.push(r)
      return r
    }, 2)
    const [a, b, c] = ['redis://a:1', 'redis://b:1', 'redis://c:1'].map((u) => parseTarget(u))
    expect(pool.get(a!)).toBe(pool.get(a!))
    pool.get(b!)
    pool.get(a!) // a is now the most recently used
    pool.get(c!) // evicts b
    expect(made.map((r) => [r.target.id, r.closed])).toEqual([
      ['a:1', 0],
      ['b:1', 1],
      ['c:1', 0],
    ])
    expect(pool.size).toBe(2)
    await pool.closeAll()
    expect(made.map((r) => r.closed)).toEqual([1, 1, 1])
    expect(pool.size).toBe(0)
  })

  it('keeps a TLS and a plain transport to the same address apart', () => {
    const pool = new TransportPool((t) => new Recorded(t))
    const plain = pool.get(parseTarget('redis://a:1'))
    const tls = pool.get(parseTarget('rediss://a:1'))
    expect(plain).not.toBe(tls)
    expect(pool.size).toBe(2)
  })

  it('hands the latest credentials of a target to its transport, without a second transport', () => {
    const latest: (() => Target)[] = []
    const pool = new TransportPool((t, current) => {
      latest.push(current)
      return new Recorded(t)
    })
    const first = pool.get(parseTarget('redis://:old-pw@a:1'))
    const second = pool.get(parseTarget('redis://:new-pw@a:1'))
    expect(second).toBe(first)
    expect(latest).toHaveLength(1)
    expect(latest[0]!().password).toBe('new-pw')
  })
})
