import type { InfoRecord } from '../types'
import { parseKvList } from './kv-list'
import { parseFinite } from './number'
import { prefixedFields } from './reply'

export interface ErrorStat {
  /** The error prefix as Redis prints it: `ERR`, `WRONGTYPE`, `NOAUTH` ... */
  err: string
  count: number
}

const PREFIX = 'errorstat_'

/** `# Errorstats` lines `errorstat_<TYPE>:count=n` (Redis >= 6.2) in INFO order. Never throws. */
export function parseErrorstats(info: InfoRecord): ErrorStat[] {
  const out: ErrorStat[] = []
  for (const [field, value] of prefixedFields(info, PREFIX)) {
    const count = parseFinite(parseKvList(value)['count'])
    if (count !== undefined) out.push({ err: field.slice(PREFIX.length), count })
  }
  return out
}
