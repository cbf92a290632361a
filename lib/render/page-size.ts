/**
 * Upper bounds of the bytes renderPrometheus writes, so a page can be cut to its byte cap while it
 * is built, before anything is rendered. Metric and label names are ASCII (the catalog, the
 * namespace setting and sanitised INFO field names); label values and help texts may be anything.
 */

/** Most characters `formatValue` writes for a finite number, e.g. `-0.0000012345678901234567`. */
export const MAX_VALUE_CHARS = 25

/** Anything but printable ASCII other than `"` and `\`: what may take more than one byte. */
const NOT_PLAIN = /[^\x20\x21\x23-\x5b\x5d-\x7e]/

/**
 * UTF-8 bytes of `text` once escaped as a label value (or help text), at most: the length itself
 * for plain ASCII (one regex test), else counted per UTF-16 unit (`\`, `"` and newline take 2,
 * other non-ASCII 2 or 3).
 */
export function escapedBytes(text: string): number {
  if (!NOT_PLAIN.test(text)) return text.length
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    bytes += c === 34 || c === 92 || c === 10 ? 2 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3
  }
  return bytes
}

/** Help texts seen, with their escaped bytes: nearly all are the catalog's, the same every scrape. */
const HELP_BYTES = new Map<string, number>()
const MAX_CACHED_HELP = 2_048

/** `# HELP` and `# TYPE` lines of a family and the blank line before them, at most. */
export function headerBytes(name: string, help: string, type: string): number {
  let helpBytes = HELP_BYTES.get(help)
  if (helpBytes === undefined) {
    helpBytes = escapedBytes(help)
    // Help texts built from reply field names (`cluster_*`) must not fill memory.
    if (HELP_BYTES.size >= MAX_CACHED_HELP) HELP_BYTES.clear()
    HELP_BYTES.set(help, helpBytes)
  }
  // '\n\n# HELP ' name ' ' help '\n# TYPE ' name ' ' type
  return 9 + name.length + 1 + helpBytes + 8 + name.length + 1 + type.length
}

/** One sample line without its labels (`\n` name suffix ' ' value), at most. */
export function sampleLineBytes(name: string, suffix: string): number {
  return 1 + name.length + suffix.length + 1 + MAX_VALUE_CHARS
}

/** One label (`key="value"` with the comma or the braces around it), at most. */
export function labelBytes(key: string, value: string): number {
  return key.length + 5 + escapedBytes(value)
}
