// The request half of RESP: what the lean client (resp-client.ts) writes.

/** One command as a RESP array of bulk strings, from `args[from]` on: `*<n>` then `$<bytes>` per argument. */
export function encodeCommand(args: readonly string[], from = 0): string {
  let out = `*${args.length - from}\r\n`
  for (let i = from; i < args.length; i++) {
    const arg = args[i]!
    out += `$${utf8Length(arg)}\r\n${arg}\r\n`
  }
  return out
}

/** Bytes of `s` in UTF-8 (a lone surrogate is written as U+FFFD: 3 bytes). */
export function utf8Length(s: string): number {
  let bytes = s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) continue
    if (c < 0x800) bytes += 1
    else if (c < 0xdc00 && c >= 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2 // the pair: 2 code units, 4 bytes
      i++
    } else bytes += 2
  }
  return bytes
}
