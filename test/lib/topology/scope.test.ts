import { describe, expect, it } from 'vitest'
import type { EnvRecord } from '../../../lib/config'
import { parseConfig } from '../../../lib/config'
import { parseTarget } from '../../../lib/target'
import { discoveryScope } from '../../../lib/topology/scope'

const SEED = 'redis://:seed-pw@127.0.0.1:6379'
const NETWORKS = 'REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS'
const ALLOWED = 'REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS'

/** [what, settings, node, in scope?] */
const CASES: [string, EnvRecord, string, boolean][] = [
  // Default: discovery adds nothing but REDIS_ADDR itself.
  ['REDIS_ADDR itself', {}, '127.0.0.1:6379', true],
  ['a REPLCONF-announced loopback replica', {}, '127.0.0.2:27402', false],
  ['another port of the seed host', {}, '127.0.0.1:6380', false],
  ['a private IP', {}, '10.0.0.5:6379', false],
  ['a host name', {}, 'node-1.example.com:6379', false],
  // REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS.
  ['a host listed for /scrape', { [ALLOWED]: '127.0.0.2' }, '127.0.0.2:27402', true],
  ['a host:port listed for /scrape', { [ALLOWED]: '127.0.0.2:27402' }, '127.0.0.2:27402', true],
  ['another port than listed', { [ALLOWED]: '127.0.0.2:6379' }, '127.0.0.2:27402', false],
  ['a *.domain for /scrape', { [ALLOWED]: '*.example.com' }, 'node-1.example.com:6379', true],
  ['* for /scrape', { [ALLOWED]: '*' }, '203.0.113.9:6379', true],
  // REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS.
  ['an IP in a CIDR', { [NETWORKS]: '10.0.0.0/8' }, '10.0.0.5:7000', true],
  ['an IP outside the CIDR', { [NETWORKS]: '10.0.0.0/8' }, '11.0.0.5:7000', false],
  ['a bare IP', { [NETWORKS]: '127.0.0.2' }, '127.0.0.2:27402', true],
  ['a /32', { [NETWORKS]: '127.0.0.2/32' }, '127.0.0.3:27402', false],
  ['an IPv6 in a CIDR', { [NETWORKS]: 'fd00::/8' }, '[fd12::5]:6379', true],
  ['an IPv4-mapped IPv6 in a v4 CIDR', { [NETWORKS]: '10.0.0.0/8' }, '[::ffff:a00:5]:6379', true],
  [
    'a name in a suffix',
    { [NETWORKS]: '*.cache.amazonaws.com' },
    'a.cache.amazonaws.com:6379',
    true,
  ],
  ['a name by a CIDR (no DNS)', { [NETWORKS]: '0.0.0.0/0' }, 'a.cache.amazonaws.com:6379', false],
  ['an IP by a suffix', { [NETWORKS]: '*.amazonaws.com' }, '10.0.0.5:6379', false],
  // The never-list wins over every setting.
  [
    'metadata, everything allowed',
    { [NETWORKS]: '0.0.0.0/0,::/0', [ALLOWED]: '*' },
    '169.254.169.254:80',
    false,
  ],
  [
    'metadata listed exactly for /scrape',
    { [ALLOWED]: '169.254.169.254' },
    '169.254.169.254:80',
    false,
  ],
  ['ECS credentials', { [NETWORKS]: '0.0.0.0/0' }, '169.254.170.2:80', false],
  ['IPv6 metadata', { [NETWORKS]: '::/0' }, '[fd00:ec2::254]:80', false],
  ['mapped metadata', { [NETWORKS]: '0.0.0.0/0,::/0' }, '[::ffff:a9fe:a9fe]:80', false],
  ['decimal metadata', { [NETWORKS]: '0.0.0.0/0', [ALLOWED]: '*' }, '2852039166:80', false],
  ['link-local', { [NETWORKS]: '169.254.0.0/16' }, '169.254.10.10:6379', false],
  ['IPv6 link-local', { [NETWORKS]: 'fe80::/10' }, '[fe80::1]:6379', false],
  ['unspecified', { [NETWORKS]: '0.0.0.0/0' }, '0.0.0.0:6379', false],
  ['IPv6 unspecified', { [NETWORKS]: '::/0' }, '[::]:6379', false],
  ['multicast', { [NETWORKS]: '0.0.0.0/0' }, '224.0.0.1:6379', false],
  ['broadcast', { [NETWORKS]: '0.0.0.0/0' }, '255.255.255.255:6379', false],
]

describe('discoveryScope', () => {
  it.each(CASES)('%s (%j): %s -> in scope %s', (_what, env, node, inside) => {
    const scope = discoveryScope(parseConfig({ REDIS_ADDR: SEED, ...env }))
    expect(scope(parseTarget(node)) === undefined).toBe(inside)
  })

  it('explains why, naming the setting to change, or that nothing can bring a node in', () => {
    const scope = discoveryScope(parseConfig({ REDIS_ADDR: SEED, [NETWORKS]: '10.0.0.0/8' }))
    expect(scope(parseTarget('127.0.0.2:27402'))).toEqual({
      reason:
        '127.0.0.2:27402 is not REDIS_ADDR, not in REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS and not in REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS',
      fixable: true,
    })
    expect(scope(parseTarget('n.example.com:1'))?.reason).toMatch(
      /not in REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS \(a host name needs a \*\.domain pattern there\)$/
    )
    expect(scope(parseTarget('169.254.169.254:80'))).toEqual({
      reason: expect.stringMatching(
        /^169\.254\.169\.254 is a cloud metadata address .*never in scope$/
      ),
      fixable: false,
    })
  })

  it('takes the push targets as configured seeds', () => {
    const config = parseConfig({ REDIS_ADDR: '' })
    const push = discoveryScope(config, [parseTarget('redis://cfg.example:6379')])
    expect(push(parseTarget('cfg.example:6379'))).toBeUndefined()
    expect(push(parseTarget('cfg.example:6380'))).toBeDefined()
    expect(discoveryScope(config)(parseTarget('cfg.example:6379'))).toBeDefined()
  })
})
