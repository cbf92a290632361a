import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../../lib/config'
import { ConfigError } from '../../../lib/errors'
import {
  discoveryNetworks,
  inDiscoveryNetworks,
  parseDiscoveryNetworks,
} from '../../../lib/settings/discovery-networks'

const VAR = 'REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS'

describe('REDIS_EXPORTER_DISCOVERY_ALLOWED_NETWORKS', () => {
  it('is empty by default and normalised when set', () => {
    expect(parseConfig({}).discoveryAllowedNetworks).toEqual([])
    expect(
      parseConfig({ [VAR]: ' 10.0.0.0/8, FD00::/8 ,,*.Cache.AmazonAWS.com, 127.0.0.2,[::1] ' })
        .discoveryAllowedNetworks
    ).toEqual(['10.0.0.0/8', 'fd00::/8', '*.cache.amazonaws.com', '127.0.0.2', '[::1]'])
  })

  it.each([
    ['cache.example.com', '"cache.example.com"'],
    ['10.0.0.0/33', '"10.0.0.0/33"'],
    ['10/8', '"10/8"'],
    ['*', '"\\*"'],
    ['*.', '"\\*\\."'],
    ['*.10.0.0', '"\\*\\.10\\.0\\.0"'],
    ['10.0.0.*', '"10\\.0\\.0\\.\\*"'],
    ['host:6379', '"host:6379"'],
    ['fe80::1%eth0', '"fe80::1%eth0"'],
  ])('refuses %j, naming the variable and what it expected', (entry, shown) => {
    const error = (() => {
      try {
        parseConfig({ [VAR]: `10.0.0.0/8,${entry}` })
      } catch (err) {
        return err
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toMatch(
      new RegExp(
        `^${VAR}: ${shown} is not a network \\(expected a CIDR such as 10\\.0\\.0\\.0/8 or fd00::/8, an IP address, or a host pattern such as \\*\\.cache\\.amazonaws\\.com\\)$`
      )
    )
  })

  it.each(['redis://:hunter2-pw@h:1', 'user:hunter2-pw@h', 'redis://h:1'])(
    'never echoes an entry that looks like a URL (%s)',
    (entry) => {
      expect(() => parseDiscoveryNetworks(`10.0.0.0/8,${entry}`)).toThrow(
        new RegExp(`^${VAR}: entry 2 \\(a URL\\) is not a network`)
      )
      try {
        parseDiscoveryNetworks(entry)
      } catch (err) {
        expect((err as Error).message).not.toContain('hunter2')
        expect((err as Error).message).not.toContain('@')
      }
    }
  )
})

describe('inDiscoveryNetworks', () => {
  const networks = discoveryNetworks(
    parseDiscoveryNetworks('10.0.0.0/8,fd00::/8,127.0.0.2,*.cache.amazonaws.com')
  )

  it.each<[string, boolean]>([
    ['10.1.2.3', true],
    ['11.1.2.3', false],
    ['[fd12::1]', true],
    ['[fe80::1]', false],
    ['127.0.0.2', true],
    ['127.0.0.3', false],
    ['[::ffff:10.0.0.1]', true],
    ['0xa000001', true], // 10.0.0.1 as the resolver reads it
    ['node-1.abc.0001.use1.cache.amazonaws.com', true],
    ['NODE-1.abc.cache.amazonaws.com.', true],
    ['cache.amazonaws.com', false],
    ['evilcache.amazonaws.com', false],
    ['x.cache.amazonaws.com.attacker.io', false],
    ['ten.example', false], // a name is never matched by a CIDR (no DNS in lib/)
  ])('%s -> %s', (host, expected) => {
    expect(inDiscoveryNetworks(networks, host)).toBe(expected)
  })
})
