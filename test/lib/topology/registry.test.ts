import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../../lib/config'
import { parseTarget } from '../../../lib/target'
import { DiscoveredTargets } from '../../../lib/topology/registry'
import { discoveryScope } from '../../../lib/topology/scope'

/** 10.0.0.0/8 and *.example. */
const SCOPE = discoveryScope(
  parseConfig({ REDIS_ADDR: '', REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS: '10.0.0.0/8,*.example' })
)

describe('DiscoveredTargets', () => {
  it('remembers in-scope nodes until the TTL passes, and drops the oldest beyond its bound', () => {
    const seed = parseTarget('redis://seed:1')
    const clock = { ms: 0 }
    const reg = new DiscoveredTargets({ scope: SCOPE, ttlMs: 1000, max: 2, now: () => clock.ms })
    reg.remember(
      seed,
      ['a.example:1', 'b.example:1', 'c.example:1'].map((t) => parseTarget(t))
    )
    expect(reg.size).toBe(2)
    expect(reg.seedOf({ id: 'a.example:1' })).toBeUndefined()
    clock.ms = 999
    expect(reg.seedOf({ id: 'B.example:1' })).toBe(seed)
    clock.ms = 1000
    expect(reg.seedOf({ id: 'b.example:1' })).toBeUndefined()
  })

  it('never remembers a node outside the scope, even when handed one', () => {
    const reg = new DiscoveredTargets({ scope: SCOPE })
    const outside = ['127.0.0.2:27402', '169.254.169.254:80', '[::ffff:a9fe:a9fe]:80', 'evil.io:1']
    reg.remember(
      parseTarget('redis://seed:1'),
      outside.map((t) => parseTarget(t))
    )
    expect(reg.size).toBe(0)
    for (const id of outside) expect(reg.seedOf({ id })).toBeUndefined()
  })
})
