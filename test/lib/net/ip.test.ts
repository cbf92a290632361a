import { describe, expect, it } from 'vitest'
import { formatIp, inCidr, parseCidr, parseIp } from '../../../lib/net/ip'

const ip = (text: string, lenient = false) => {
  const parsed = parseIp(text, lenient)
  return parsed ? `v${parsed.version} ${formatIp(parsed)}` : undefined
}

describe('parseIp', () => {
  it.each<[string, boolean, string | undefined]>([
    ['10.0.0.1', false, 'v4 10.0.0.1'],
    ['255.255.255.255', false, 'v4 255.255.255.255'],
    ['256.0.0.1', false, undefined],
    ['1.2.3', false, undefined],
    ['01.2.3.4', false, undefined],
    ['1.2.3.4.', false, undefined],
    ['cache.example.com', false, undefined],
    ['', false, undefined],
    // inet_aton spellings the C resolver connects to, read only when lenient.
    ['2852039166', false, undefined],
    ['2852039166', true, 'v4 169.254.169.254'],
    ['0xa9fea9fe', true, 'v4 169.254.169.254'],
    ['0XA9FEA9FE', true, 'v4 169.254.169.254'],
    ['0251.0376.0251.0376', true, 'v4 169.254.169.254'],
    ['169.254.43518', true, 'v4 169.254.169.254'],
    ['169.16689662', true, 'v4 169.254.169.254'],
    ['127.1', true, 'v4 127.0.0.1'],
    ['0', true, 'v4 0.0.0.0'],
    ['169.254.169.254.', true, 'v4 169.254.169.254'],
    ['4294967296', true, undefined],
    ['1.2.3.256', true, undefined],
    ['1.2.65536', true, undefined],
    ['08.1.1.1', true, undefined],
    ['0x', true, undefined],
    ['1.2.3.4.5', true, undefined],
    ['1234.example', true, undefined],
    // IPv6, with or without brackets; IPv4-mapped addresses become IPv4.
    ['::1', false, 'v6 0:0:0:0:0:0:0:1'],
    ['[::1]', false, 'v6 0:0:0:0:0:0:0:1'],
    ['::', false, 'v6 0:0:0:0:0:0:0:0'],
    ['fd00:ec2::254', false, 'v6 fd00:ec2:0:0:0:0:0:254'],
    ['FE80::1', false, 'v6 fe80:0:0:0:0:0:0:1'],
    ['1:2:3:4:5:6:7:8', false, 'v6 1:2:3:4:5:6:7:8'],
    ['1:2:3:4:5:6:7::', false, 'v6 1:2:3:4:5:6:7:0'],
    ['::ffff:169.254.169.254', false, 'v4 169.254.169.254'],
    ['[::ffff:a9fe:a9fe]', false, 'v4 169.254.169.254'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', false, 'v4 169.254.169.254'],
    ['::ffff:1:a9fe:a9fe', false, 'v6 0:0:0:0:ffff:1:a9fe:a9fe'],
    ['64:ff9b::1.2.3.4', false, 'v6 64:ff9b:0:0:0:0:102:304'],
    ['1:2:3:4:5:6:7:8:9', false, undefined],
    ['1::2::3', false, undefined],
    ['1:2:3:4:5:6:7', false, undefined],
    ['12345::1', false, undefined],
    ['fe80::1%eth0', true, undefined],
    ['::ffff:1.2.3', false, undefined],
    ['1.2.3.4::', false, undefined],
    [':::', false, undefined],
  ])('%j (lenient %s) -> %s', (text, lenient, expected) => {
    expect(ip(text, lenient)).toBe(expected)
  })
})

describe('parseCidr / inCidr', () => {
  it.each<[string, string, boolean]>([
    ['10.0.0.0/8', '10.255.1.2', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['10.1.2.3/8', '10.9.9.9', true], // host bits are cleared
    ['127.0.0.2/32', '127.0.0.2', true],
    ['127.0.0.2/32', '127.0.0.3', false],
    ['127.0.0.2', '127.0.0.2', true],
    ['127.0.0.2', '127.0.0.1', false],
    ['172.16.0.0/12', '172.31.255.255', true],
    ['172.16.0.0/12', '172.32.0.0', false],
    ['192.168.1.128/25', '192.168.1.127', false],
    ['192.168.1.128/25', '192.168.1.200', true],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['0.0.0.0/0', '::1', false],
    ['::/0', '::1', true],
    ['::/0', '10.0.0.1', false],
    ['fd00::/8', 'fdff::1', true],
    ['fd00::/8', 'fe00::1', false],
    ['fd00::/8', '::ffff:10.0.0.1', false],
    ['2001:db8::/33', '2001:db8:7fff::1', true],
    ['2001:db8::/33', '2001:db8:8000::1', false],
    ['::ffff:10.0.0.0/104', '10.1.2.3', true],
    ['10.0.0.0/8', '::ffff:10.1.2.3', true],
    ['10.0.0.0/8', '[::ffff:a01:203]', true],
  ])('%s contains %s: %s', (cidr, address, expected) => {
    const parsed = parseCidr(cidr)
    expect(parsed).toBeDefined()
    expect(inCidr(parseIp(address)!, parsed!)).toBe(expected)
  })

  it.each([
    '10.0.0.0/33',
    '::/129',
    '10.0.0.0/',
    '10.0.0.0/-1',
    '10.0.0.0/8/8',
    '10/8',
    'host/8',
    '::ffff:0:0/80',
    '10.0.0.0/0x8',
  ])('refuses %j', (text) => {
    expect(parseCidr(text)).toBeUndefined()
  })
})
