// HTTPS for the Node server (REDIS_EXPORTER_TLS_SERVER_*): the options of node:https, and the
// certificate files read again when they change, so a renewed certificate needs no restart.
import { readFileSync, statSync } from 'node:fs'
import type { Server } from 'node:https'
import type { SecureContextOptions } from 'node:tls'
import { createSecureContext } from 'node:tls'
import type { HttpsServerSettings } from '../lib/index'
import { ConfigError } from '../lib/index'

export type HttpsFiles = HttpsServerSettings

const CERT = 'REDIS_EXPORTER_TLS_SERVER_CERT_FILE'
const KEY = 'REDIS_EXPORTER_TLS_SERVER_KEY_FILE'
const CA = 'REDIS_EXPORTER_TLS_SERVER_CA_CERT_FILE'
/** How often, at most, the files are looked at again (on a new connection). */
const RECHECK_MS = 1000

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
    cert: read(CERT, files.certFile),
    key: read(KEY, files.keyFile),
    ...(files.caFile ? { ca: read(CA, files.caFile) } : {}),
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
  const client = files.caFile ? { requestCert: true, rejectUnauthorized: true } : {}
  return { ...secureContextOptions(files), ...client }
}

/** A signature of the files (modification time and size), to notice a replaced certificate. */
function signature(files: HttpsFiles): string {
  return [files.certFile, files.keyFile, files.caFile ?? '']
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
      log({ level: 'info', msg: 'HTTPS certificate reloaded', file: files.certFile })
    } catch (err) {
      log({ level: 'error', msg: 'HTTPS certificate not reloaded', error: (err as Error).message })
    }
  })
}
