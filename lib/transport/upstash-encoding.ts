const decoder = /* @__PURE__ */ new TextDecoder()

/** A byte of a multi-byte UTF-8 sequence, after atob (one char per byte). */
const NON_ASCII = /[\x80-\xff]/

/**
 * Undoes `Upstash-Encoding: base64`: every string in a result is base64 of its UTF-8 bytes except
 * the status reply `OK`; numbers and null are left alone, arrays are decoded element by element.
 * A string that is not valid base64 is returned as it came (as @upstash/redis does).
 */
export function decodeUpstashValue(raw: unknown): unknown {
  if (typeof raw === 'string') return raw === 'OK' ? raw : decodeBase64Utf8(raw)
  if (Array.isArray(raw)) return raw.map(decodeUpstashValue)
  return raw
}

function decodeBase64Utf8(text: string): string {
  let binary: string
  try {
    binary = atob(text)
  } catch {
    return text
  }
  // INFO and most replies are ASCII: then the bytes are the text (no copy, no UTF-8 decode).
  if (!NON_ASCII.test(binary)) return binary
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return decoder.decode(bytes)
}
