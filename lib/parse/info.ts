import { MAX_INFO_LINES, MAX_INFO_TEXT } from '../bounds'
import type { InfoRecord } from '../types'
import { asString } from './reply'

/**
 * Calls `line` with the bounds of every non-empty line of `text`, any trailing `\r` left out (CRLF
 * or LF input), within the first MAX_INFO_LINES lines and MAX_INFO_TEXT characters (a line that
 * crosses that limit is not read): a hostile 16 MiB reply costs no more to read than a 1 MiB one.
 */
function eachLine(text: string, line: (start: number, stop: number) => void): void {
  const length = text.length <= MAX_INFO_TEXT ? text.length : text.lastIndexOf('\n', MAX_INFO_TEXT)
  let start = 0
  let lines = 0
  while (start <= length && lines++ < MAX_INFO_LINES) {
    let end = text.indexOf('\n', start)
    if (end < 0 || end > length) end = length
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end
    if (stop > start) line(start, stop)
    start = end + 1
  }
}

/**
 * INFO text -> field -> raw value. `# Section` headers, blank lines and lines without a colon are
 * skipped; a line splits at its FIRST colon (values may contain colons); the last occurrence of a
 * field wins; nothing past MAX_INFO_LINES lines or MAX_INFO_TEXT characters is read. The record has no prototype, so `info['constructor']` is undefined like any
 * unknown field. Never throws; anything but text (or bytes) gives `{}`.
 */
export function parseInfo(text: string): InfoRecord {
  const out: Record<string, string> = Object.create(null)
  const s = asString(text)
  if (s === undefined) return out
  // Field and value are sliced from the text: no string of the whole line. The next colon is
  // found once (lines without one cannot make the scan quadratic).
  let colon = -1
  eachLine(s, (start, stop) => {
    if (s.charCodeAt(start) === 35) return // '#'
    if (colon < start) colon = s.indexOf(':', start)
    if (colon < 0) colon = s.length
    if (colon === start || colon >= stop) return
    out[s.slice(start, colon)] = s.slice(colon + 1, stop)
  })
  return out
}

/** Lower-case names of the `# Section` headers in `text`, in the order seen. */
export function infoSections(text: string): string[] {
  const out: string[] = []
  const s = asString(text)
  if (s === undefined) return out
  eachLine(s, (start, stop) => {
    if (s.charCodeAt(start) !== 35) return
    const name = s
      .slice(start + 1, stop)
      .trim()
      .toLowerCase()
    if (name !== '') out.push(name)
  })
  return out
}
