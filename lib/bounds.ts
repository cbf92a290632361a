/**
 * Bounds on what a Redis server (or anything else outside the exporter) controls. Every text a
 * reply carries into a label, a log line or an error message goes through `clip`.
 */

/** Most characters of an error text (a Redis error reply, a socket error) in a label or a log line. */
export const MAX_ERROR_TEXT = 512

/** Most characters of any label value taken from a reply (command, event, client or key names). */
export const MAX_LABEL_VALUE = 1024

const ELLIPSIS = '…'

/** `text` cut to at most `max` characters, ending in an ellipsis when it was cut. */
export function clip(text: string, max: number = MAX_ERROR_TEXT): string {
  if (text.length <= max) return text
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, max))
  return text.slice(0, max - ELLIPSIS.length) + ELLIPSIS
}
