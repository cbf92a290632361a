import { ConfigError } from '../errors'
import { quoted } from '../settings/kinds'

/** One item of a key setting: a key (or SCAN glob) in a database. */
export interface KeySpec {
  readonly db: number
  readonly key: string
}

/** Most items one key setting (or one /scrape override) may list. */
export const MAX_KEY_SPECS = 1000

/** Longest key or pattern accepted, in characters. */
export const MAX_KEY_SPEC_LENGTH = 1024

/** Highest database number accepted in `dbN=`. */
const MAX_DB = 1_000_000

/** Characters that make a check-keys item a SCAN glob (redis_exporter's rule). */
const GLOB = /[?*[\]^]/

/** Whether a check-keys / check-streams item is expanded with SCAN rather than looked up directly. */
export function isGlob(key: string): boolean {
  return GLOB.test(key)
}

/**
 * `[dbN=]key,…` as redis_exporter reads its key settings: items separated by commas, `db` stripped
 * from the database, each key URL-unescaped (`%2C` is a comma, `+` a space). A bad item, more than
 * MAX_KEY_SPECS items or an over-long key is a ConfigError naming `setting` and what it expected.
 */
export function parseKeySpecs(setting: string, raw: string): KeySpec[] {
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  if (items.length > MAX_KEY_SPECS) {
    throw new ConfigError(
      `${setting}: ${items.length} items, more than the ${MAX_KEY_SPECS} allowed (expected [dbN=]key,…)`
    )
  }
  const out: KeySpec[] = []
  const seen = new Set<string>()
  for (const item of items) {
    const spec = parseItem(setting, item)
    const id = `${spec.db}\n${spec.key}`
    if (seen.has(id)) continue
    seen.add(id)
    out.push(spec)
  }
  return out
}

function parseItem(setting: string, item: string): KeySpec {
  const parts = item.split('=')
  if (parts.length > 2) {
    throw new ConfigError(`${setting}: ${quoted(item)}has more than one = (expected [dbN=]key)`)
  }
  let db = 0
  if (parts.length === 2) {
    const dbText = parts[0]!.trim().replace(/^db/, '')
    if (!/^\d{1,7}$/.test(dbText) || Number(dbText) > MAX_DB) {
      throw new ConfigError(
        `${setting}: ${quoted(item)}has a bad database (expected dbN=key with N a number, e.g. db1=queue)`
      )
    }
    db = Number(dbText)
  }
  const key = unescapeQuery(setting, item, parts[parts.length - 1]!)
  if (key === '' || key.length > MAX_KEY_SPEC_LENGTH) {
    throw new ConfigError(
      `${setting}: ${quoted(item)}has an empty or over-long key (expected 1 to ${MAX_KEY_SPEC_LENGTH} characters)`
    )
  }
  return { db, key }
}

/** Go's url.QueryUnescape: `+` is a space, `%XX` a byte (UTF-8 decoded); a bad escape is an error. */
function unescapeQuery(setting: string, item: string, text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    throw new ConfigError(
      `${setting}: ${quoted(item)}has a bad %-escape (expected %XX, e.g. %2C for a comma)`
    )
  }
}
