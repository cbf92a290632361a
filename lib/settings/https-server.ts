/**
 * The Node server's HTTPS settings (REDIS_EXPORTER_TLS_SERVER_*), as redis_exporter has them:
 * a certificate and its key turn HTTPS on, a CA requires client certificates signed by it, and a
 * minimum TLS version. Only paths and the version here; the runtime reads the files (and reads
 * them again when they change).
 */
import { ConfigError } from '../errors'
import type { EnvRecord } from './read'
import { readSettings, settingFilePaths } from './read'

const CERT = 'REDIS_EXPORTER_TLS_SERVER_CERT_FILE'
const KEY = 'REDIS_EXPORTER_TLS_SERVER_KEY_FILE'
const CA = 'REDIS_EXPORTER_TLS_SERVER_CA_CERT_FILE'

export type TlsMinVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'

export interface HttpsServerSettings {
  readonly certFile: string
  readonly keyFile: string
  /** Client certificates are required and verified against it. */
  readonly caFile?: string
  /** As node:tls spells it. */
  readonly minVersion: TlsMinVersion
}

const VERSIONS: Readonly<Record<string, TlsMinVersion>> = {
  'TLS1.0': 'TLSv1',
  'TLS1.1': 'TLSv1.1',
  'TLS1.2': 'TLSv1.2',
  'TLS1.3': 'TLSv1.3',
}

/** The HTTPS settings, or undefined for plain HTTP; a ConfigError names what is missing. */
export function parseHttpsServerSettings(env: EnvRecord): HttpsServerSettings | undefined {
  const paths = new Map(settingFilePaths(env).map((f): [string, string] => [f.name, f.path]))
  const [cert, key, ca] = [paths.get(CERT), paths.get(KEY), paths.get(CA)]
  const version = readSettings(env).enumValue('REDIS_EXPORTER_TLS_SERVER_MIN_VERSION')
  if (!cert && !key && !ca) return undefined
  if (!cert || !key) {
    const missing = cert ? KEY : CERT
    const given = cert ? CERT : key ? KEY : CA
    throw new ConfigError(`${missing}: must be set for HTTPS (${given} is)`)
  }
  const minVersion = VERSIONS[version] ?? 'TLSv1.2'
  return { certFile: cert, keyFile: key, ...(ca ? { caFile: ca } : {}), minVersion }
}
