/** TLS verification failures, by Node's error code. */
const TLS_VERIFY_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
])

const TLS_VERIFY_HINT =
  'set REDIS_EXPORTER_TLS_CA_CERT_FILE to the CA that signed the server certificate, REDIS_EXPORTER_TLS_SERVER_NAME to a name it carries, or REDIS_EXPORTER_SKIP_TLS_VERIFICATION=true'

/**
 * A one-line reason for a failed connection or round trip, from the error Node or ioredis gave:
 * the original text, prefixed or followed by what it means and which setting to check. Never
 * includes anything but the error's own message and code (no credentials).
 */
export function describeTransportError(err: unknown, phase: 'connect' | 'reply'): string {
  const message = (err instanceof Error ? err.message || err.name : String(err))
    .replace(/\.?\s*Please report this\.?/i, '')
    .trim()
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined
  if (typeof code === 'string' && TLS_VERIFY_CODES.has(code)) {
    return `TLS certificate not accepted: ${message} (${TLS_VERIFY_HINT})`
  }
  if (
    /wrong version number|packet length too long|unknown protocol|WRONG_VERSION_NUMBER/i.test(
      message
    )
  ) {
    return `TLS handshake failed: ${message} (the server does not speak TLS on this port; use redis:// instead of rediss://)`
  }
  if (/Unknown RESP type|Protocol error/i.test(message)) {
    return `not a Redis reply: ${message} (is the target a Redis port?)`
  }
  if (/ENOTFOUND|EAI_AGAIN|EAI_NONAME/.test(message) || code === 'ENOTFOUND') {
    return `cannot resolve the target host: ${message}`
  }
  if (/^Connection is closed\.?$/i.test(message)) {
    return phase === 'connect'
      ? 'Redis closed the connection during connect (a TLS-only port needs rediss://; or the server refused the client)'
      : 'Redis closed the connection before all replies arrived'
  }
  if (/ECONNRESET/.test(message)) {
    return `connection reset by the server: ${message} (a TLS-only port needs rediss://)`
  }
  return message
}

/** A round trip's reply outgrew the byte cap (MAX_REPLY_BYTES): what the scrape error says. */
export function replyTooLargeMessage(maxBytes: number): string {
  return `reply larger than ${maxBytes} bytes; connection dropped (a broken or hostile server, or a reply far larger than a scrape needs)`
}
