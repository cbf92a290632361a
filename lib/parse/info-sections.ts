import { MAX_INFO_TEXT } from '../bounds'

/**
 * The part of INFO text in the sections `names` (lower-case), header lines included, and any
 * lines before the first header; the other sections are cut out unread, so a reader that needs a
 * few fields (node discovery) parses those alone. Only the first MAX_INFO_TEXT characters are
 * looked at, as readInfo does. A line starting with `#` opens a section. Never throws.
 */
export function infoSectionsText(text: string, names: ReadonlySet<string>): string {
  const s = text.length <= MAX_INFO_TEXT ? text : text.slice(0, MAX_INFO_TEXT)
  let out = ''
  let from = 0
  let keep = true
  while (from < s.length) {
    if (s.charCodeAt(from) === 35 /* '#' */) {
      const eol = s.indexOf('\n', from)
      keep = names.has(
        s
          .slice(from + 1, eol < 0 ? s.length : eol)
          .trim()
          .toLowerCase()
      )
    }
    const header = s.indexOf('\n#', from)
    const end = header < 0 ? s.length : header + 1
    if (keep) out += s.slice(from, end)
    from = end
  }
  return out
}
