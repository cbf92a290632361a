/**
 * Bounds on what a Redis server (or anything else outside the exporter) controls. Every text a
 * reply carries into a label, a log line or an error message goes through `clip`; every page is
 * cut to the page limits below. docs/managed-redis.md ("Bounds") lists them for users.
 */

/** Most characters of an error text (a Redis error reply, a socket error) in a label or a log line. */
export const MAX_ERROR_TEXT = 512

/** Most characters of any label value taken from a reply (command, event, client or key names). */
export const MAX_LABEL_VALUE = 1024

/**
 * Most samples on one target's page. A real server gives a few hundred to a few thousand (one per
 * command, error, database, replica...); past the cap the rest are left out and counted in
 * `exporter_last_scrape_truncated_samples`.
 */
export const MAX_PAGE_SAMPLES = 100_000

/** Most bytes of one target's rendered page (UTF-8); past it the rest is left out and counted. */
export const MAX_PAGE_BYTES = 16 * 1024 * 1024

/**
 * Most databases `db_keys` / `db_keys_expiring` are zero-filled for (db0..db255), never beyond
 * CONFIG `databases`. Databases INFO lists (those with keys) are exported whatever their number.
 */
export const MAX_ZERO_FILL_DATABASES = 256

/**
 * Longest INFO or CLUSTER INFO field name exported under its own name (`cluster_*`, `db*`); longer
 * ones are not a field any server has, and are skipped.
 */
export const MAX_FIELD_NAME = 200

/**
 * How much of an INFO (or CLUSTER INFO) reply is read: at most MAX_INFO_LINES lines within its
 * first MAX_INFO_TEXT characters; the rest is ignored. A real INFO ALL is 10-100 KB in a few
 * hundred to a few thousand lines. Reading costs up to ~100 ns per character (key=value lists)
 * and ~1 µs per line, on the one thread that also answers /health: a hostile 16 MiB reply would
 * take seconds.
 */
export const MAX_INFO_LINES = 20_000
export const MAX_INFO_TEXT = 1024 * 1024

/**
 * Most clients read from one `CLIENT LIST` reply (REDIS_EXPORTER_EXPORT_CLIENT_LIST): each becomes
 * a dozen series, so a server with more connections is cut here (the rest are left out).
 */
export const MAX_CLIENTS = 10_000

/** Most masters read from `SENTINEL MASTERS` (each costs three more commands per scrape). */
export const MAX_SENTINEL_MASTERS = 100

/** Most entries read from one `SENTINEL SENTINELS` or `SENTINEL SLAVES` reply. */
export const MAX_SENTINEL_PEERS = 1000

/** Most search indexes sent `FT.INFO` per scrape (REDIS_EXPORTER_INCL_SEARCH_INDEXES_METRICS). */
export const MAX_SEARCH_INDEXES = 100

/** Most parameters read from `CONFIG GET *` (a real server has about 200). */
export const MAX_CONFIG_PARAMETERS = 5000

const ELLIPSIS = '…'

/** `text` cut to at most `max` characters, ending in an ellipsis when it was cut. */
export function clip(text: string, max: number = MAX_ERROR_TEXT): string {
  if (text.length <= max) return text
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, max))
  let end = max - ELLIPSIS.length
  // Never leave half of a surrogate pair (an emoji) before the ellipsis.
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end -= 1
  return text.slice(0, end) + ELLIPSIS
}

/**
 * What one RESP reply may declare (lib/transport/resp-codec.ts): nesting depth, elements of one
 * array/set/map/push, bytes of one bulk string and of one line (simple string, error, number: ioredis reads an error
 * line of any length, and the transport caps a round trip at 16 MiB anyway).
 * A real server nests 3-4 deep, sends a few thousand elements and bulk strings up to the reply cap;
 * past these the connection is dropped with a protocol error instead of allocating what a hostile
 * server declares.
 */
export const MAX_RESP_DEPTH = 64
export const MAX_RESP_ELEMENTS = 1_000_000
export const MAX_RESP_BULK = 16 * 1024 * 1024
export const MAX_RESP_LINE = 16 * 1024 * 1024
