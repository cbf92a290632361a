import { parseInfo } from '../parse/info'
import { parseModuleLines } from '../parse/modules'
import { parseValue } from '../parse/number'
import { asPairs, asString } from '../parse/reply'
import { ftIndexName, parseFtInfo } from '../parse/search-info'
import type { Reply } from '../types'
import { FAMILIES } from './catalog/families'
import type { OptIn } from './catalog/info-map'
import { INFO_FIELDS } from './catalog/info-map'
import type { Descriptor } from './descriptor'
import type { FamilySet } from './family-set'

/**
 * REDIS_EXPORTER_INCL_MODULES_METRICS (`INFO MODULES`): `module_info` per module line, and the
 * module fields of the INFO map (search, JSON, bloom) that the reply carries.
 */
export function addModulesFamilies(set: FamilySet, reply: Reply | undefined): void {
  if (!reply?.ok) return
  const text = asString(reply.value)
  if (text === undefined) return
  for (const m of parseModuleLines(text)) set.sample(FAMILIES.module_info, 1, { ...m })
  for (const [field, raw] of Object.entries(parseInfo(text))) sampleRow(set, 'modules', field, raw)
}

/** REDIS_EXPORTER_IS_TILE38 (`SERVER EXT`): key/value pairs, keys prefixed `tile38_` as upstream. */
export function addTile38Families(set: FamilySet, reply: Reply | undefined): void {
  if (!reply?.ok) return
  for (const [k, v] of asPairs(reply.value)) {
    const key = asString(k)
    const raw = asString(v)
    if (key === undefined || raw === undefined) continue
    sampleRow(set, 'tile38', key.startsWith('tile38_') ? key : `tile38_${key}`, raw)
  }
}

/** A field of an INFO map row with this opt-in; anything else is not exported. */
function sampleRow(set: FamilySet, optIn: OptIn, field: string, raw: string): void {
  const row = INFO_FIELDS.get(field)
  if (row?.optIn !== optIn) return
  const value = parseValue(raw)
  if (value !== undefined) set.sample(row, value)
}

const MB = 1024 * 1024

type IndexFamily = Descriptor<'gauge' | 'counter', 'index_name', never>

/**
 * The search_index_* families by the FT.INFO field their catalog row names as source
 * (`FT.INFO num_docs`), and the factor that makes the `_mb` fields bytes; read from the catalog
 * once, so the field names are written there only.
 */
const INDEX_FIELDS: readonly (readonly [string, IndexFamily, number])[] = Object.values(FAMILIES)
  .filter((d) => d.source.startsWith('FT.INFO '))
  .map((d) => {
    const field = d.source.slice('FT.INFO '.length)
    return [field, d as IndexFamily, field.endsWith('_mb') ? MB : 1] as const
  })

/**
 * REDIS_EXPORTER_INCL_SEARCH_INDEXES_METRICS: the search_index_* families of each `FT.INFO`
 * reply, labelled by its `index_name`. As redis_exporter, a field the reply lacks is 0.
 */
export function addSearchIndexFamilies(
  set: FamilySet,
  replies: readonly Reply[] | undefined
): void {
  for (const reply of replies ?? []) {
    if (!reply.ok) continue
    const name = ftIndexName(reply.value)
    if (name === undefined) continue
    const fields = parseFtInfo(reply.value)
    const labels = { index_name: name }
    for (const [field, desc, factor] of INDEX_FIELDS) {
      set.sample(desc, (fields[field] ?? 0) * factor, labels)
    }
  }
}
