import { describe, expect, it } from 'vitest'
import { CLUSTER_SLOTS, crc16, keySlot } from '../../../lib/keys/key-slot'

const bytes = (s: string) => new TextEncoder().encode(s)

describe('crc16', () => {
  it('gives the Redis Cluster specification test vector', () => {
    expect(crc16(bytes('123456789'))).toBe(0x31c3)
  })
  it('is 0 for no bytes', () => {
    expect(crc16(new Uint8Array())).toBe(0)
  })
})

describe('keySlot', () => {
  it.each([
    ['foo', 12182],
    ['bar', 5061],
    ['hello', 866],
    ['123456789', 0x31c3 % CLUSTER_SLOTS],
  ])('%s is in slot %i (as CLUSTER KEYSLOT answers)', (key, slot) => {
    expect(keySlot(key)).toBe(slot)
  })

  it.each([
    // The specification's examples.
    ['{user1000}.following', 'user1000'],
    ['{user1000}.followers', 'user1000'],
    ['foo{{bar}}zap', '{bar'],
    ['foo{bar}{zap}', 'bar'],
    ['queue:{tenant42}:jobs', 'tenant42'],
  ])('%s hashes only its tag %s', (key, tag) => {
    expect(keySlot(key)).toBe(keySlot(tag))
  })

  it.each(['foo{}{bar}', '{}', 'no{close', 'close}{'])(
    '%s has no usable tag: the whole key is hashed',
    (key) => {
      expect(keySlot(key)).toBe(crc16(bytes(key)) % CLUSTER_SLOTS)
    }
  )

  it('hashes a key as its UTF-8 bytes', () => {
    expect(keySlot('clé')).toBe(crc16(new Uint8Array([0x63, 0x6c, 0xc3, 0xa9])) % CLUSTER_SLOTS)
  })
})
