import { ConfigError } from '../errors'

/** What the messages of one `url` setting say it expects. */
export interface HttpUrlExpectation {
  /** A value to show in the "is not a URL" message, e.g. `https://pushgateway.example.com`. */
  readonly example: string
  /** The schemes to name when another one is given, e.g. `http:// or https://`. */
  readonly schemes: string
}

/**
 * Parses the value of a `url` setting that must be an http:// or https:// URL. Errors name the
 * variable and what it expects; the value itself is never echoed (it may carry credentials).
 * Checks for credentials, query or path are left to the caller, whose messages differ.
 */
export function parseHttpUrl(variable: string, raw: string, expect: HttpUrlExpectation): URL {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigError(`${variable}: is not a URL (expected e.g. ${expect.example})`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(
      `${variable}: scheme ${url.protocol} is not supported (expected ${expect.schemes})`
    )
  }
  return url
}
