import type { InfoRecord } from '../types'
import { parseInfo } from './info'

/** `CLUSTER INFO`: `field:value` CRLF lines without section headers, parsed like INFO. */
export function parseClusterInfo(text: string): InfoRecord {
  return parseInfo(text)
}
