import { MAX_INFO_LINES } from '../bounds'
import type { InfoRecord } from '../types'
import { asString } from './reply'

/**
 * Calls `line` for every line of `text` with any trailing `\r` removed (CRLF or LF input), up to
 * the MAX_INFO_LINES-th: a hostile 16 MiB reply of a million lines is not read past it.
 */
function eachLine(text: string, line: (l: string) => void): void {
  let start = 0
  let lines = 0
  while (start <= text.length && lines++ < MAX_INFO_LINES) {
    let end = text.indexOf('\n', start)
    if (end < 0) end = text.length
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end
    if (stop > start) line(text.slice(start, stop))
    start = end + 1
  }
}

/**
 * INFO text -> field -> raw value. `# Section` headers, blank lines and lines without a colon are
 * skipped; a line splits at its FIRST colon (values may contain colons); the last occurrence of a
 * field wins; lines past MAX_INFO_LINES are not read. The record has no prototype, so `info['constructor']` is undefined like any
 * unknown field. Never throws; anything but text (or bytes) gives `{}`.
 */
export function parseInfo(text: string): InfoRecord {
  const out: Record<string, string> = Object.create(null)
  const s = asString(text)
  if (s === undefined) return out
  eachLine(s, (l) => {
    if (l.charCodeAt(0) === 35) return // '#'
    const colon = l.indexOf(':')
    if (colon <= 0) return
    out[l.slice(0, colon)] = l.slice(colon + 1)
  })
  return out
}

/** Lower-case names of the `# Section` headers in `text`, in the order seen. */
export function infoSections(text: string): string[] {
  const out: string[] = []
  const s = asString(text)
  if (s === undefined) return out
  eachLine(s, (l) => {
    if (l.charCodeAt(0) !== 35) return
    const name = l.slice(1).trim().toLowerCase()
    if (name !== '') out.push(name)
  })
  return out
}
