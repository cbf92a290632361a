/**
 * What a failed reply means for the exporter:
 * - `unavailable`: the command does not exist or is not permitted here (blocked, renamed away,
 *   too old a server, not a cluster node). Left out for a while instead of failing every scrape.
 * - `auth`: the target refuses our credentials; the target is down until they are fixed.
 * - `transient`: the server or the network is busy or gone for now; try again next scrape.
 * - `error`: anything else; reported, not remembered.
 */
export type ErrorClass = 'unavailable' | 'auth' | 'transient' | 'error'

// Every pattern is case-insensitive and ignores quoting: Redis 6 echoes names in backticks, 7 and
// Valkey in single quotes, ElastiCache Serverless lowercase and unquoted (managed-redis.md §1.10).
const AUTH: readonly RegExp[] = [
  /^(NOAUTH|WRONGPASS)\b/i,
  /^ERR (invalid password|invalid username-password pair)/i,
  /^ERR (AUTH|Client sent AUTH)\b.*\b(no password is set|without any password configured)/i,
]

const UNAVAILABLE: readonly RegExp[] = [
  /^ERR unknown command\b/i,
  /^ERR unknown subcommand\b/i,
  /^NOPERM\b/i,
  /\bcluster support disabled\b/i,
  /\bwrong number of arguments\b/i,
  /\b(unsupported|unknown) command\b/i,
  /\bcommand (is )?(not (allowed|supported|available|permitted)|disabled|blocked)\b/i,
]

const TRANSIENT: readonly RegExp[] = [
  /^(LOADING|BUSY|TRYAGAIN|MASTERDOWN|CLUSTERDOWN|MISCONF|READONLY)\b/i,
  /\b(ETIMEDOUT|ECONNRESET|ECONNREFUSED|ECONNABORTED|EPIPE|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)\b/,
  /\btimed? ?out\b|\bdeadline\b|\bsocket hang up\b|\bdid not complete within\b/i,
  /\bconnection (is )?closed\b|\bclosed the connection\b|\bconnection reset\b/i,
]

/** Classifies the text of an error reply or a transport error. Leading `-` and blanks are ignored. */
export function classifyError(error: string): ErrorClass {
  const text = error.replace(/^[\s-]+/, '')
  if (AUTH.some((re) => re.test(text))) return 'auth'
  if (UNAVAILABLE.some((re) => re.test(text))) return 'unavailable'
  if (TRANSIENT.some((re) => re.test(text))) return 'transient'
  return 'error'
}

/**
 * True for a reply that carries nothing where data was expected: nil, an empty array, map or
 * object, or text with no line besides `# Section` headers. Upstash answers `CONFIG GET maxmemory`
 * with an empty array and unsupported INFO sections with only their heading.
 */
export function isEmptyReply(value: unknown): boolean {
  if (value === null || value === undefined) return true
  if (typeof value === 'string') {
    return value.split('\n').every((line) => line.trim() === '' || line.trimStart().startsWith('#'))
  }
  if (value instanceof Uint8Array) return value.length === 0
  if (Array.isArray(value)) return value.length === 0
  if (value instanceof Map) return value.size === 0
  if (typeof value === 'object') return Object.keys(value).length === 0
  return false
}
