import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findBinary } from './which'

/** The openssl binary (`$OPENSSL_BIN`, else openssl on PATH), if any. */
export function opensslBinary(): string | undefined {
  return findBinary(['openssl'], 'OPENSSL_BIN')
}

/** PEM text and file paths of one certificate and its key. */
export type CertPair = { cert: string; key: string; certFile: string; keyFile: string }

/** A throw-away PKI for tests: a CA, a server and a client certificate it signed, and a stranger CA. */
export type TestPki = {
  dir: string
  ca: CertPair
  /** Server certificate for DNS names `localhost` and `redis.test` (no IP address on purpose). */
  server: CertPair
  /** Client certificate (mutual TLS). */
  client: CertPair
  /** A CA that signed nothing here: trusting only it must fail verification. */
  strangerCa: CertPair
  /** Removes the directory. Idempotent. */
  cleanup(): void
}

export const SERVER_NAMES = ['localhost', 'redis.test'] as const

/**
 * Generates the PKI with openssl (EC P-256 keys, 2-day validity) in a fresh temp dir. Takes well
 * under a second. Throws when openssl is missing.
 */
export function createTestPki(): TestPki {
  const bin = opensslBinary()
  if (!bin) throw new Error('openssl not found (install the openssl package)')
  const dir = mkdtempSync(join(tmpdir(), 'redis-tls-'))
  const path = (name: string) => join(dir, name)
  const run = (...args: string[]) => execFileSync(bin, args, { cwd: dir, stdio: 'pipe' })
  const keyArgs = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']

  const makeCa = (name: string, cn: string): CertPair => {
    run(
      'req',
      '-x509',
      ...keyArgs,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-subj',
      `/CN=${cn}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign'
    )
    return pair(name)
  }
  const makeLeaf = (name: string, cn: string, extensions: string): CertPair => {
    writeFileSync(path(`${name}.ext`), extensions)
    run('req', ...keyArgs, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`)
    run(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`
    )
    return pair(name)
  }
  const pair = (name: string): CertPair => ({
    cert: readFileSync(path(`${name}.crt`), 'utf8'),
    key: readFileSync(path(`${name}.key`), 'utf8'),
    certFile: path(`${name}.crt`),
    keyFile: path(`${name}.key`),
  })

  try {
    const ca = makeCa('ca', 'serverless-redis-exporter test CA')
    const server = makeLeaf(
      'server',
      'redis.test',
      `subjectAltName=${SERVER_NAMES.map((n) => `DNS:${n}`).join(',')}\nextendedKeyUsage=serverAuth,clientAuth\n`
    )
    const client = makeLeaf('client', 'exporter', 'extendedKeyUsage=clientAuth\n')
    const strangerCa = makeCa('stranger', 'some other CA')
    let removed = false
    return {
      dir,
      ca,
      server,
      client,
      strangerCa,
      cleanup: () => {
        if (removed) return
        removed = true
        rmSync(dir, { recursive: true, force: true })
      },
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true })
    throw err
  }
}

/** redis-server arguments for a TLS port with this PKI (clients may, but need not, show a certificate). */
export function redisTlsArgs(pki: TestPki, tlsPort: number): string[] {
  return [
    '--tls-port',
    String(tlsPort),
    '--tls-cert-file',
    pki.server.certFile,
    '--tls-key-file',
    pki.server.keyFile,
    '--tls-ca-cert-file',
    pki.ca.certFile,
    '--tls-auth-clients',
    'optional',
  ]
}
