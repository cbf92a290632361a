import { describe, expect, it } from 'vitest'
import { classifyError } from '../../../lib/capabilities/classify'
import { describeTransportError } from '../../../lib/transport/describe-error'

function err(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {})
}

describe('describeTransportError', () => {
  it.each<[string, Error | string, 'connect' | 'reply', RegExp, string]>([
    ['a plain message', err('something odd'), 'reply', /^something odd$/, 'error'],
    ['a thrown string', 'boom', 'reply', /^boom$/, 'error'],
    [
      'a self-signed chain',
      err('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN'),
      'connect',
      /^TLS certificate not accepted: self-signed certificate in certificate chain \(set REDIS_EXPORTER_TLS_CA_CERT_FILE .* REDIS_EXPORTER_TLS_SERVER_NAME .* REDIS_EXPORTER_SKIP_TLS_VERIFICATION=true\)$/,
      'error',
    ],
    [
      'a name mismatch',
      err(
        "Hostname/IP does not match certificate's altnames: IP: 10.0.0.1 is not in the cert's list: ",
        'ERR_TLS_CERT_ALTNAME_INVALID'
      ),
      'connect',
      /^TLS certificate not accepted: Hostname\/IP does not match/,
      'error',
    ],
    [
      'an expired certificate',
      err('certificate has expired', 'CERT_HAS_EXPIRED'),
      'connect',
      /^TLS certificate not accepted: certificate has expired/,
      'error',
    ],
    [
      'TLS to a plain port',
      err('C0:error:0A00010B:SSL routines:ssl3_get_record:wrong version number'),
      'connect',
      /^TLS handshake failed: .*wrong version number \(the server does not speak TLS on this port; use redis:\/\/ instead of rediss:\/\/\)$/,
      'error',
    ],
    [
      'bytes that are not RESP',
      err('Unknown RESP type 72 "H". Please report this.'),
      'reply',
      /^not a Redis reply: Unknown RESP type 72 "H" \(is the target a Redis port\?\)$/,
      'error',
    ],
    [
      'a name that does not resolve',
      err('getaddrinfo ENOTFOUND x.invalid', 'ENOTFOUND'),
      'connect',
      /^cannot resolve the target host: getaddrinfo ENOTFOUND x\.invalid$/,
      'error',
    ],
    [
      'a closed connection while connecting',
      err('Connection is closed.'),
      'connect',
      /^Redis closed the connection during connect \(a TLS-only port needs rediss:\/\//,
      'transient',
    ],
    [
      'a closed connection while waiting for replies',
      err('Connection is closed.'),
      'reply',
      /^Redis closed the connection before all replies arrived$/,
      'transient',
    ],
    [
      'a reset',
      err('read ECONNRESET', 'ECONNRESET'),
      'reply',
      /^connection reset by the server: read ECONNRESET \(a TLS-only port needs rediss:\/\/\)$/,
      'transient',
    ],
  ])('explains %s', (_w, error, phase, expected, cls) => {
    const text = describeTransportError(error, phase)
    expect(text).toMatch(expected)
    expect(classifyError(text)).toBe(cls)
  })
})
