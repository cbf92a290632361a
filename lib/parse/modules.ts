import { MAX_INFO_LINES } from '../bounds'

/** One `module:name=…,ver=…,api=…,filters=…,usedby=[…],using=[…],options=[…]` line of INFO MODULES. */
export interface ModuleInfo {
  readonly name: string
  readonly ver: string
  readonly api: string
  readonly filters: string
  readonly usedby: string
  readonly using: string
}

/**
 * The `module:` lines of `INFO MODULES`. As redis_exporter reads them, a line counts only when
 * its value splits on `,` into exactly seven `key=value` parts (a module used by two others has
 * more, and is skipped). At most MAX_INFO_LINES lines are read. Never throws.
 */
export function parseModuleLines(text: unknown): ModuleInfo[] {
  if (typeof text !== 'string') return []
  const out: ModuleInfo[] = []
  const lines = text.split('\n', MAX_INFO_LINES)
  for (const raw of lines) {
    const line = raw.trim()
    if (!line.startsWith('module:')) continue
    const parts = line.slice('module:'.length).split(',')
    if (parts.length !== 7) continue
    const kv: Record<string, string> = Object.create(null)
    for (const part of parts) {
      const eq = part.indexOf('=')
      if (eq > 0) kv[part.slice(0, eq)] = part.slice(eq + 1)
    }
    const { name = '', ver = '', api = '', filters = '', usedby = '', using = '' } = kv
    out.push({ name, ver, api, filters, usedby, using })
  }
  return out
}
