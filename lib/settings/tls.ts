import { ConfigError } from '../errors'
import { quoted } from './kinds'
import type { NamesOf, Settings } from './read'

/** TLS towards Redis; applies only to `rediss://` and `valkeys://` targets, as in redis_exporter. */
export interface TlsSettings {
  /** PEM CA bundle; without it the runtime's default trust store is used. */
  readonly ca?: string
  /** PEM client certificate and key (mutual TLS); both or neither. */
  readonly cert?: string
  readonly key?: string
  /** SNI and verification name when the target address is an IP or an alias. */
  readonly serverName?: string
  /** Explicit opt-in: accept any server certificate. */
  readonly skipVerify: boolean
}

/** A PEM value given by value (env) or read from a file by the runtime (`files`). */
export interface PemSource {
  /** Variable holding the PEM text, e.g. REDIS_EXPORTER_TLS_CA_CERT. */
  readonly value: NamesOf<'string'>
  /** Variable holding a path, e.g. REDIS_EXPORTER_TLS_CA_CERT_FILE. */
  readonly file: NamesOf<'file'>
  /** What the PEM must contain, e.g. `CERTIFICATE`. */
  readonly kind: 'CERTIFICATE' | 'PRIVATE KEY'
}

/**
 * Reads one PEM setting: by value, or the contents of its `_FILE` variable as read by the runtime
 * (functions/node-secrets.ts). Both at once, or a `_FILE` the runtime could not read, is an
 * error. The PEM text is never echoed.
 */
export function readPem(s: Settings, source: PemSource): string | undefined {
  const byValue = s.text(source.value)
  const path = s.isSet(source.file)
  if (byValue && path) {
    throw new ConfigError(`${source.value} and ${source.file} are both set; set only one of them`)
  }
  let pem = byValue || undefined
  if (path) {
    pem = s.file(source.file)
    if (pem === undefined) {
      throw new ConfigError(
        `${source.file}: this runtime cannot read files; put the PEM text in ${source.value} instead`
      )
    }
  }
  if (pem === undefined) return undefined
  const name = path ? source.file : source.value
  const label =
    source.kind === 'PRIVATE KEY'
      ? /-----BEGIN [A-Z ]*PRIVATE KEY-----/
      : /-----BEGIN CERTIFICATE-----/
  if (!label.test(pem)) {
    throw new ConfigError(
      `${name}: does not hold a PEM ${source.kind.toLowerCase()} (expected a -----BEGIN ${source.kind}----- block)`
    )
  }
  return `${pem.replace(/\\n/g, '\n').trim()}\n`
}

/** Validates REDIS_EXPORTER_TLS_SERVER_NAME: a DNS name (no IP: SNI cannot carry one). */
export function parseServerName(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined
  if (
    !/^(?=.{1,253}$)[A-Za-z0-9*]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(
      raw
    )
  ) {
    throw new ConfigError(
      `${name}: ${quoted(raw)}is not a DNS name (expected e.g. my-cache.example.com)`
    )
  }
  if (/^[\d.]+$/.test(raw)) {
    throw new ConfigError(`${name}: ${quoted(raw)}is an IP address; SNI needs a DNS name`)
  }
  return raw
}

/** All TLS settings towards Redis. */
export function readTlsSettings(s: Settings): TlsSettings {
  const ca = readPem(s, {
    value: 'REDIS_EXPORTER_TLS_CA_CERT',
    file: 'REDIS_EXPORTER_TLS_CA_CERT_FILE',
    kind: 'CERTIFICATE',
  })
  const cert = readPem(s, {
    value: 'REDIS_EXPORTER_TLS_CLIENT_CERT',
    file: 'REDIS_EXPORTER_TLS_CLIENT_CERT_FILE',
    kind: 'CERTIFICATE',
  })
  const key = readPem(s, {
    value: 'REDIS_EXPORTER_TLS_CLIENT_KEY',
    file: 'REDIS_EXPORTER_TLS_CLIENT_KEY_FILE',
    kind: 'PRIVATE KEY',
  })
  if ((cert === undefined) !== (key === undefined)) {
    throw new ConfigError(
      'REDIS_EXPORTER_TLS_CLIENT_CERT(_FILE) and REDIS_EXPORTER_TLS_CLIENT_KEY(_FILE) must be set together'
    )
  }
  const serverName = parseServerName(
    'REDIS_EXPORTER_TLS_SERVER_NAME',
    s.text('REDIS_EXPORTER_TLS_SERVER_NAME')
  )
  return {
    ...(ca ? { ca } : {}),
    ...(cert && key ? { cert, key } : {}),
    ...(serverName ? { serverName } : {}),
    skipVerify: s.bool('REDIS_EXPORTER_SKIP_TLS_VERIFICATION'),
  }
}
