/**
 * The Redis Cluster hash slot of a key: CRC16 (XMODEM: polynomial 0x1021, initial value 0, no
 * reflection) of the key's bytes, modulo 16384. When the key holds a `{…}` with at least one
 * character between the first `{` and the next `}`, only that part is hashed (a hash tag), so
 * `{user:1}:cart` and `{user:1}:orders` share a slot.
 */

/** Hash slots of a Redis Cluster. */
export const CLUSTER_SLOTS = 16384

const TABLE = ((): Uint16Array => {
  const table = new Uint16Array(256)
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
    }
    table[byte] = crc
  }
  return table
})()

/** CRC16/XMODEM of `bytes` (Redis's cluster CRC). */
export function crc16(bytes: Uint8Array): number {
  let crc = 0
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ byte) & 0xff]!
  return crc
}

const encoder = new TextEncoder()

/** The slot (0…16383) of `key`, as a key name is sent to Redis (UTF-8), with hash tags. */
export function keySlot(key: string): number {
  const bytes = encoder.encode(key)
  const open = bytes.indexOf(0x7b) // {
  if (open !== -1) {
    const close = bytes.indexOf(0x7d, open + 1) // }
    if (close > open + 1) return crc16(bytes.subarray(open + 1, close)) % CLUSTER_SLOTS
  }
  return crc16(bytes) % CLUSTER_SLOTS
}
