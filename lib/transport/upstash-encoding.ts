const decoder = /* @__PURE__ */ new TextDecoder()

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
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return decoder.decode(bytes)
}
