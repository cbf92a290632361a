/**
 * IP addresses and CIDR blocks as bytes: pure parsing and matching, no DNS. An IPv4-mapped IPv6
 * address (`::ffff:169.254.169.254`, `::ffff:a9fe:a9fe`) is read as the IPv4 address it carries.
 */

/** An IPv4 (4 bytes) or IPv6 (16 bytes) address. */
export interface IpAddress {
  readonly version: 4 | 6
  readonly bytes: Uint8Array
}

/** A network: the address with its host bits cleared, and the prefix length. */
export interface Cidr {
  readonly address: IpAddress
  readonly prefix: number
}

/**
 * Reads an IP literal, with or without IPv6 brackets. `lenient` accepts every IPv4 spelling the C
 * resolver connects to (`inet_aton`: `2852039166`, `0xa9fea9fe`, `0251.0376.0251.0376`,
 * `169.254.43518`) and one trailing dot, so a host name that is really an address is seen as one;
 * otherwise only dotted decimal. Zone ids (`fe80::1%eth0`) are refused. Never throws.
 */
export function parseIp(text: string, lenient = false): IpAddress | undefined {
  let host = text.trim().toLowerCase()
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1)
  if (host.includes(':')) return normalise(parseIpv6(host))
  if (lenient && host.endsWith('.')) host = host.slice(0, -1)
  const bytes = lenient ? parseInetAton(host) : parseDottedQuad(host)
  return bytes ? { version: 4, bytes } : undefined
}

/** `10.0.0.0/8`, `fd00::/8`, or a bare address (a /32 or /128). Host bits are cleared. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/')
  const address = parseIp(slash === -1 ? text : text.slice(0, slash))
  if (!address) return undefined
  const bits = address.bytes.length * 8
  let prefix = bits
  if (slash !== -1) {
    const raw = text.slice(slash + 1)
    if (!/^\d{1,3}$/.test(raw)) return undefined
    prefix = Number(raw)
    // `::ffff:10.0.0.0/104` is the IPv4 network 10.0.0.0/8.
    if (address.version === 4 && text.includes(':')) prefix -= 96
    if (prefix < 0 || prefix > bits) return undefined
  }
  return { address: { version: address.version, bytes: masked(address.bytes, prefix) }, prefix }
}

/** Whether `ip` lies in `cidr` (an IPv4 address never lies in an IPv6 network, nor the reverse). */
export function inCidr(ip: IpAddress, cidr: Cidr): boolean {
  if (ip.version !== cidr.address.version) return false
  const full = cidr.prefix >> 3
  for (let i = 0; i < full; i++) if (ip.bytes[i] !== cidr.address.bytes[i]) return false
  const rest = cidr.prefix & 7
  if (rest === 0) return true
  const mask = (0xff << (8 - rest)) & 0xff
  return ((ip.bytes[full] ?? 0) & mask) === cidr.address.bytes[full]
}

/** The address in its usual text form (`169.254.169.254`; IPv6 as 8 hex groups, unshortened). */
export function formatIp(ip: IpAddress): string {
  if (ip.version === 4) return [...ip.bytes].join('.')
  const groups: string[] = []
  for (let i = 0; i < 16; i += 2) groups.push(((ip.bytes[i]! << 8) | ip.bytes[i + 1]!).toString(16))
  return groups.join(':')
}

function masked(bytes: Uint8Array, prefix: number): Uint8Array {
  const out = new Uint8Array(bytes.length)
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, prefix - i * 8))
    out[i] = bytes[i]! & ((0xff << (8 - keep)) & 0xff)
  }
  return out
}

function parseDottedQuad(text: string): Uint8Array | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  const out = new Uint8Array(4)
  for (let i = 0; i < 4; i++) {
    const part = parts[i]!
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return undefined
    out[i] = Number(part)
  }
  return out
}

/** inet_aton: 1 to 4 parts, each decimal, octal (leading 0) or hex (0x); the last fills the rest. */
function parseInetAton(text: string): Uint8Array | undefined {
  const parts = text.split('.')
  if (parts.length > 4) return undefined
  const values: number[] = []
  for (const part of parts) {
    let value: number
    if (/^0x[0-9a-f]{1,8}$/.test(part)) value = parseInt(part.slice(2), 16)
    else if (/^0[0-7]{0,11}$/.test(part)) value = parseInt(part, 8)
    else if (/^[1-9]\d{0,9}$/.test(part)) value = Number(part)
    else return undefined
    values.push(value)
  }
  const last = values.pop()!
  if (values.some((v) => v > 255) || last >= 2 ** (8 * (4 - values.length))) return undefined
  const out = new Uint8Array(4)
  values.forEach((v, i) => (out[i] = v))
  for (let i = 3, rest = last; i >= values.length; i--, rest = Math.floor(rest / 256)) {
    out[i] = rest % 256
  }
  return out
}

function parseIpv6(text: string): Uint8Array | undefined {
  if (!/^[0-9a-f:.]+$/.test(text)) return undefined
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const head = groupsOf(halves[0]!, halves.length === 1)
  const tail = halves.length === 2 ? groupsOf(halves[1]!, true) : []
  if (!head || !tail) return undefined
  const count = head.length + tail.length
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined
  const groups = [...head, ...new Array<number>(8 - count).fill(0), ...tail]
  const out = new Uint8Array(16)
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8
    out[2 * i + 1] = g & 0xff
  })
  return out
}

/** Hex groups of one side of `::`; only the last side may end in a dotted IPv4 address. */
function groupsOf(text: string, mayEndInIpv4: boolean): number[] | undefined {
  if (text === '') return []
  const parts = text.split(':')
  const groups: number[] = []
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!
    if (i === parts.length - 1 && mayEndInIpv4 && part.includes('.')) {
      const v4 = parseDottedQuad(part)
      if (!v4) return undefined
      groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!)
    } else if (/^[0-9a-f]{1,4}$/.test(part)) {
      groups.push(parseInt(part, 16))
    } else {
      return undefined
    }
  }
  return groups
}

/** An IPv4-mapped IPv6 address (`::ffff:0:0/96`) becomes the IPv4 address it carries. */
function normalise(bytes: Uint8Array | undefined): IpAddress | undefined {
  if (!bytes) return undefined
  const mapped =
    bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff
  return mapped ? { version: 4, bytes: bytes.slice(12) } : { version: 6, bytes }
}
