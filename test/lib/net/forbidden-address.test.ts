import { describe, expect, it } from 'vitest'
import { forbiddenAddress } from '../../../lib/net/forbidden-address'

describe('forbiddenAddress', () => {
  it.each<[string, RegExp | undefined]>([
    ['169.254.169.254', /^a cloud metadata address \(AWS, GCP/],
    ['169.254.170.2', /^a cloud metadata address \(AWS ECS/],
    ['fd00:ec2::254', /^a cloud metadata address \(AWS instance metadata over IPv6/],
    ['[fd00:ec2::254]', /^a cloud metadata address/],
    ['100.100.100.200', /^a cloud metadata address \(Alibaba/],
    ['::ffff:169.254.169.254', /^a cloud metadata address/],
    ['[::ffff:a9fe:a9fe]', /^a cloud metadata address/],
    ['2852039166', /^a cloud metadata address/],
    ['0xa9fea9fe', /^a cloud metadata address/],
    ['0251.0376.0251.0376', /^a cloud metadata address/],
    ['169.254.43518', /^a cloud metadata address/],
    ['169.254.169.254.', /^a cloud metadata address/],
    ['169.254.0.1', /^a link-local address$/],
    ['169.254.255.255', /^a link-local address$/],
    ['fe80::1', /^a link-local address$/],
    ['febf:ffff::1', /^a link-local address$/],
    ['::ffff:169.254.1.1', /^a link-local address$/],
    ['0.0.0.0', /^an unspecified address$/],
    ['0.1.2.3', /^an unspecified address$/],
    ['0', /^an unspecified address$/],
    ['::', /^an unspecified address$/],
    ['[::]', /^an unspecified address$/],
    ['::ffff:0.0.0.0', /^an unspecified address$/],
    ['224.0.0.1', /^a multicast address$/],
    ['239.255.255.250', /^a multicast address$/],
    ['ff02::1', /^a multicast address$/],
    ['255.255.255.255', /^the broadcast address$/],
    // Reachable on purpose: loopback, private, public, other IPv6, host names.
    ['127.0.0.1', undefined],
    ['127.0.0.2', undefined],
    ['10.0.0.1', undefined],
    ['169.253.255.255', undefined],
    ['169.255.0.0', undefined],
    ['100.100.100.201', undefined],
    ['223.255.255.255', undefined],
    ['240.0.0.1', undefined],
    ['::1', undefined],
    ['fec0::1', undefined],
    ['fd00:ec2::253', undefined],
    ['metadata.google.internal', undefined],
    ['localhost', undefined],
  ])('%s -> %s', (host, expected) => {
    const kind = forbiddenAddress(host)
    if (expected === undefined) expect(kind).toBeUndefined()
    else expect(kind).toMatch(expected)
  })
})
