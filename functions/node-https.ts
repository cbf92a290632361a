// HTTPS for the Node server (REDIS_EXPORTER_TLS_SERVER_*): the options of node:https, and the
// certificate files read again when they change, so a renewed certificate needs no restart.
import { readFileSync, statSync } from 'node:fs'
import type { Server } from 'node:https'
import type { SecureContextOptions, SecureVersion } from 'node:tls'
import { createSecureContext } from 'node:tls'
import type { EnvRecord } from '../lib/index'
import { ConfigError, readSettings, settingFilePaths } from '../lib/index'

const CERT = 'REDIS_EXPORTER_TLS_SERVER_CERT_FILE'
const KEY = 'REDIS_EXPORTER_TLS_SERVER_KEY_FILE'
const CA = 'REDIS_EXPORTER_TLS_SERVER_CA_CERT_FILE'
/** How often, at most, the files are looked at again (on a new connection). */
const RECHECK_MS = 1000

export interface HttpsFiles {
  readonly cert: string
  readonly key: string
  readonly ca?: string
  readonly minVersion: SecureVersion
}

/** The HTTPS files of `env`, or undefined for plain HTTP; a ConfigError names what is missing. */
export function httpsFiles(env: EnvRecord): HttpsFiles | undefined {
  const paths = new Map(settingFilePaths(env).map((f): [string, string] => [f.name, f.path]))
  const [cert, key, ca] = [paths.get(CERT), paths.get(KEY), paths.get(CA)]
  if (!cert && !key && !ca) return undefined
  if (!cert || !key) {
    const missing = cert ? KEY : CERT
    throw new ConfigError(`${missing}: must be set for HTTPS (${cert ? CERT : key ? KEY : CA} is)`)
  }
  const version = readSettings(env).enumValue('REDIS_EXPORTER_TLS_SERVER_MIN_VERSION')
  const minVersion = version.replace('TLS', 'TLSv') as SecureVersion
  return { cert, key, ...(ca ? { ca } : {}), minVersion }
}

/** The certificate, key and CA as read now; a ConfigError names a file that cannot be used. */
export function secureContextOptions(files: HttpsFiles): SecureContextOptions {
  const read = (name: string, path: string): Buffer => {
    try {
      return readFileSync(path)
    } catch (err) {
      throw new ConfigError(`${name}: cannot read ${path} (${(err as { code?: string }).code})`)
    }
  }
  const options = {
    cert: read(CERT, files.cert),
    key: read(KEY, files.key),
    ...(files.ca ? { ca: read(CA, files.ca) } : {}),
    minVersion: files.minVersion,
  }
  try {
    createSecureContext(options)
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0] ?? 'error'
    throw new ConfigError(`${CERT}, ${KEY}: not a usable certificate and key (${reason})`)
  }
  return options
}

/** node:https server options: client certificates required and verified when a CA is set. */
export function httpsServerOptions(files: HttpsFiles): SecureContextOptions & object {
  const client = files.ca ? { requestCert: true, rejectUnauthorized: true } : {}
  return { ...secureContextOptions(files), ...client }
}

/** A signature of the files (modification time and size), to notice a replaced certificate. */
function signature(files: HttpsFiles): string {
  return [files.cert, files.key, files.ca ?? '']
    .map((p) => {
      if (p === '') return ''
      const st = statSync(p, { throwIfNoEntry: false })
      return st ? `${st.mtimeMs}:${st.size}` : 'missing'
    })
    .join('|')
}

/**
 * Re-reads the files when they changed, at most once per RECHECK_MS, on new connections: the
 * next handshakes use the new certificate. A file that cannot be used (a half-written renewal)
 * is logged and the previous certificate kept.
 */
export function reloadOnChange(
  server: Server,
  files: HttpsFiles,
  log: (entry: Readonly<Record<string, unknown>>) => void
): void {
  let seen = signature(files)
  let checkedMs = Date.now()
  server.on('connection', () => {
    if (Date.now() - checkedMs < RECHECK_MS) return
    checkedMs = Date.now()
    const now = signature(files)
    if (now === seen) return
    seen = now
    try {
      server.setSecureContext(secureContextOptions(files))
      log({ level: 'info', msg: 'HTTPS certificate reloaded', file: files.cert })
    } catch (err) {
      log({ level: 'error', msg: 'HTTPS certificate not reloaded', error: (err as Error).message })
    }
  })
}
