import { ConfigError, RequestError } from './errors'

/** A Redis endpoint the exporter talks to. Credentials are kept apart from everything printable. */
export interface Target {
  /** `host:port` (IPv6 in brackets); used as a cache key and a CloudWatch dimension. */
  readonly id: string
  readonly host: string
  readonly port: number
  readonly tls: boolean
  readonly db: number
  readonly username?: string
  readonly password?: string
  /** Normalised URI without password: `redis://host:port` or `rediss://user@host:port/2`. Safe to print. */
  readonly uri: string
}

const SCHEMES: Readonly<Record<string, boolean>> = {
  redis: false,
  rediss: true,
  valkey: false,
  valkeys: true,
}

export const MAX_TARGET_LENGTH = 512

/**
 * Parses a target the way redis_exporter accepts `REDIS_ADDR` and `/scrape?target=`:
 * `redis://`, `rediss://`, `valkey://`, `valkeys://` (TLS only by scheme), or bare `host:port`
 * (then `redis://` is assumed); userinfo `user:pass@`, `:pass@` or a lone `pass@`; a `/N` db path.
 * Throws RequestError (the caller turns it into a ConfigError at startup) with a one-line reason.
 */
export function parseTarget(raw: string): Target {
  const input = raw.trim()
  if (input === '') throw new RequestError('target is empty')
  if (input.length > MAX_TARGET_LENGTH) {
    throw new RequestError(`target is longer than ${MAX_TARGET_LENGTH} characters`, 414)
  }
  if (
    /\s/.test(input) ||
    [...input].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)
  )
    throw new RequestError('target contains whitespace or control characters')
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(input)
  const scheme = schemeMatch ? schemeMatch[1]!.toLowerCase() : 'redis'
  const tls = SCHEMES[scheme]
  if (tls === undefined) {
    throw new RequestError(
      `unsupported scheme "${scheme}://"; use redis://, rediss://, valkey://, valkeys:// or host:port`
    )
  }
  let url: URL
  try {
    url = new URL(
      schemeMatch ? `redis://${input.slice(schemeMatch[0].length)}` : `redis://${input}`
    )
  } catch {
    throw new RequestError('target is not a valid URL or host:port')
  }
  const host = url.hostname.toLowerCase()
  if (host === '') throw new RequestError('target has no host')
  if (!/^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9._-]+)$/.test(host)) {
    throw new RequestError('target host is not a valid host name or IP address')
  }
  const port = url.port === '' ? 6379 : Number(url.port)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RequestError('target port must be between 1 and 65535')
  }
  const db = databaseOf(url)
  let username: string | undefined = safeDecode(url.username) || undefined
  let password: string | undefined = safeDecode(url.password) || undefined
  // redigo semantics: a lone userinfo (`redis://secret@host`) is the password.
  if (username !== undefined && password === undefined && !rawUserinfo(input).includes(':')) {
    password = username
    username = undefined
  }
  const id = `${host}:${port}`
  const uri = `${tls ? 'rediss' : 'redis'}://${username ? `${encodeURIComponent(username)}@` : ''}${id}${db ? `/${db}` : ''}`
  return {
    id,
    host,
    port,
    tls,
    db,
    uri,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
  }
}

/** The database of a target's path (`/2`); no query string or fragment allowed. */
function databaseOf(url: URL): number {
  const path = url.pathname.replace(/^\/+/, '')
  let db = 0
  if (path !== '') {
    if (!/^\d{1,5}$/.test(path))
      throw new RequestError('target path must be a database number such as /0')
    db = Number(path)
  }
  if (url.search !== '' || url.hash !== '') {
    throw new RequestError('target must not carry a query string or fragment')
  }
  return db
}

/**
 * A `/scrape?target=` (or discovery seed) as redis_exporter reads it: a password in the URL is
 * dropped, so none travels in Prometheus configs (it comes from REDIS_PASSWORD or the password
 * file), and a lone `user@` is the ACL user, the key of a password-file entry
 * `redis://user@host:port`. Throws RequestError like parseTarget.
 */
export function parseScrapeTarget(raw: string): Target {
  const { password: _dropped, ...target } = parseTarget(raw)
  const userinfo = rawUserinfo(raw.trim())
  if (target.username === undefined && userinfo !== '' && !userinfo.includes(':')) {
    const username = safeDecode(userinfo)
    const uri = target.uri.replace('://', `://${encodeURIComponent(username)}@`)
    return { ...target, username, uri }
  }
  return target
}

/** Startup variant: a bad REDIS_ADDR is a ConfigError naming the variable. */
export function parseTargetSetting(variable: string, raw: string): Target {
  try {
    return parseTarget(raw)
  } catch (err) {
    throw new ConfigError(
      `${variable}: ${(err as Error).message} (expected e.g. redis://host:6379)`
    )
  }
}

function rawUserinfo(input: string): string {
  const afterScheme = input.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//, '')
  const authority = afterScheme.split('/')[0] ?? ''
  const at = authority.lastIndexOf('@')
  return at === -1 ? '' : authority.slice(0, at)
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
