import { ConfigError } from '../errors'

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
  readonly value: string
  /** Variable holding a path, e.g. REDIS_EXPORTER_TLS_CA_CERT_FILE. */
  readonly file: string
  /** What the PEM must contain, e.g. `CERTIFICATE`. */
  readonly kind: 'CERTIFICATE' | 'PRIVATE KEY'
}

type Get = (name: string) => string | undefined

/**
 * Reads one PEM setting: by value, or the contents of its `_FILE` variable as read by the runtime
 * (functions/node-secrets.ts). Both at once, or a `_FILE` the runtime could not read, is an
 * error. The PEM text is never echoed.
 */
export function readPem(
  get: Get,
  files: Readonly<Record<string, string>>,
  source: PemSource
): string | undefined {
  const byValue = get(source.value)
  const path = get(source.file)
  if (byValue && path) {
    throw new ConfigError(`${source.value} and ${source.file} are both set; set only one of them`)
  }
  let pem = byValue || undefined
  if (path) {
    pem = files[source.file]
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
      `${name}: "${raw}" is not a DNS name (expected e.g. my-cache.example.com)`
    )
  }
  if (/^[\d.]+$/.test(raw)) {
    throw new ConfigError(`${name}: "${raw}" is an IP address; SNI needs a DNS name`)
  }
  return raw
}

/** All TLS settings; `skipVerify` is REDIS_EXPORTER_SKIP_TLS_VERIFICATION, parsed by the caller. */
export function readTlsSettings(
  get: Get,
  files: Readonly<Record<string, string>>,
  skipVerify: boolean
): TlsSettings {
  const ca = readPem(get, files, {
    value: 'REDIS_EXPORTER_TLS_CA_CERT',
    file: 'REDIS_EXPORTER_TLS_CA_CERT_FILE',
    kind: 'CERTIFICATE',
  })
  const cert = readPem(get, files, {
    value: 'REDIS_EXPORTER_TLS_CLIENT_CERT',
    file: 'REDIS_EXPORTER_TLS_CLIENT_CERT_FILE',
    kind: 'CERTIFICATE',
  })
  const key = readPem(get, files, {
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
    get('REDIS_EXPORTER_TLS_SERVER_NAME')
  )
  return {
    ...(ca ? { ca } : {}),
    ...(cert && key ? { cert, key } : {}),
    ...(serverName ? { serverName } : {}),
    skipVerify,
  }
}
