import { MAX_INFO_LINES, MAX_INFO_TEXT } from '../bounds'
import type { InfoRecord } from '../types'
import { asString } from './reply'

/** One INFO reply read once: its fields and the names of its `# Section` headers. */
export interface InfoText {
  readonly info: InfoRecord
  /** Lower-case names of the `# Section` headers, in the order seen. */
  readonly sections: string[]
}

/**
 * INFO text -> field -> raw value, and the section names, in one pass. Lines end in LF or CRLF;
 * `# Section` headers, blank lines and lines without a colon are skipped; a line splits at its
 * FIRST colon (values may contain colons); the last occurrence of a field wins; only the first
 * MAX_INFO_LINES lines within MAX_INFO_TEXT characters are read (a line that crosses that limit is
 * not): a hostile 16 MiB reply costs no more to read than a 1 MiB one. The record has no
 * prototype, so `info['constructor']` is undefined like any unknown field. Never throws; anything
 * but text (or bytes) gives no fields and no sections.
 */
export function readInfo(text: string): InfoText {
  const out: Record<string, string> = Object.create(null)
  const sections: string[] = []
  const s = asString(text)
  if (s === undefined) return { info: out, sections }
  const length = s.length <= MAX_INFO_TEXT ? s.length : s.lastIndexOf('\n', MAX_INFO_TEXT)
  let start = 0
  let lines = 0
  // The next colon at or after `start`, searched again only once passed: linear in the text
  // however many lines have none.
  let colon = s.indexOf(':')
  while (start <= length && lines++ < MAX_INFO_LINES) {
    let end = s.indexOf('\n', start)
    if (end < 0 || end > length) end = length
    const stop = end > start && s.charCodeAt(end - 1) === 13 ? end - 1 : end
    if (stop > start && s.charCodeAt(start) === 35 /* '#' */) {
      const name = s
        .slice(start + 1, stop)
        .trim()
        .toLowerCase()
      if (name !== '') sections.push(name)
    } else if (stop > start) {
      if (colon >= 0 && colon < start) colon = s.indexOf(':', start)
      if (colon > start && colon < stop) out[s.slice(start, colon)] = s.slice(colon + 1, stop)
    }
    start = end + 1
  }
  return { info: out, sections }
}

/** The fields of INFO text (readInfo). */
export function parseInfo(text: string): InfoRecord {
  return readInfo(text).info
}

/** Lower-case names of the `# Section` headers in `text`, in the order seen (readInfo). */
export function infoSections(text: string): string[] {
  return readInfo(text).sections
}
