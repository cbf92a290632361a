import { ConfigError, redact } from '../errors'

/** Dimensions every data point carries before the user's own. */
export const RESERVED_DIMENSIONS = ['target', 'role'] as const

/** CloudWatch allows 30 dimensions per metric; target and role take two. */
export const MAX_USER_DIMENSIONS = 28

/**
 * `key=value,key=value` (the separator is configurable for the target list). Names start with a
 * letter and use letters, digits, `_`, `.`, `-` (at most 250); values are 1–1024 printable
 * characters. Names must not be `target`/`role` nor start with the metric prefix, because EMF puts
 * dimensions and metrics side by side at the root of a document.
 */
export function parseDimensions(
  variable: string,
  raw: string,
  metricPrefix: string,
  separator = ','
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of raw.split(separator)) {
    if (part.trim() === '') continue
    const eq = part.indexOf('=')
    if (eq === -1) {
      throw new ConfigError(
        `${variable}: "${redact(part.trim())}" is not key=value (e.g. env=prod)`
      )
    }
    addDimension(out, variable, part.slice(0, eq).trim(), part.slice(eq + 1).trim(), metricPrefix)
  }
  return out
}

export function addDimension(
  into: Record<string, string>,
  variable: string,
  name: string,
  value: string,
  metricPrefix: string
): void {
  if (!/^[A-Za-z][A-Za-z0-9_.-]{0,249}$/.test(name)) {
    throw new ConfigError(
      `${variable}: dimension name "${name.slice(0, 60)}" is not valid (expected a letter, then letters, digits, _ . -; at most 250)`
    )
  }
  if ((RESERVED_DIMENSIONS as readonly string[]).includes(name) || name.startsWith(metricPrefix)) {
    throw new ConfigError(
      `${variable}: dimension name "${name}" is reserved (target, role and names starting with ${metricPrefix} are taken)`
    )
  }
  if (value === '' || value.length > 1024 || hasControlCharacters(value)) {
    throw new ConfigError(
      `${variable}: dimension ${name} needs a value of 1 to 1024 printable characters`
    )
  }
  if (name in into) throw new ConfigError(`${variable}: dimension ${name} is given twice`)
  into[name] = value
}

/** Checks the merged user dimensions of one target fit CloudWatch's 30. */
export function checkDimensionCount(variable: string, what: string, count: number): void {
  if (count > MAX_USER_DIMENSIONS) {
    throw new ConfigError(
      `${variable}: ${what} has ${count} dimensions; at most ${MAX_USER_DIMENSIONS} fit besides target and role`
    )
  }
}

export function hasControlCharacters(text: string): boolean {
  return [...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)
}

/** CloudWatch's most dimensions per data point, and longest dimension value. */
export const MAX_DIMENSIONS = 30
export const MAX_DIMENSION_VALUE = 1024

const utf8 = new TextEncoder()

/**
 * A label value a server controls (a key name: any text) as a CloudWatch dimension value: control
 * characters written as `\xHH`, then cut to MAX_DIMENSION_VALUE UTF-8 bytes on a character boundary
 * (so the bound holds however CloudWatch counts). Undefined for an empty value, which CloudWatch
 * refuses. Two keys alike in their first 1024 bytes share a dimension value.
 */
export function dimensionValue(text: string): string | undefined {
  let out = ''
  let bytes = 0
  for (const ch of text) {
    const code = ch.codePointAt(0)!
    const piece = code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : ch
    const size = utf8.encode(piece).length
    if (bytes + size > MAX_DIMENSION_VALUE) break
    out += piece
    bytes += size
  }
  return out === '' ? undefined : out
}
