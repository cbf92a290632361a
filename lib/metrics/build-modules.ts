import { parseInfo } from '../parse/info'
import { parseModuleLines } from '../parse/modules'
import { parseValue } from '../parse/number'
import { asPairs, asString } from '../parse/reply'
import { ftIndexName, parseFtInfo } from '../parse/search-info'
import type { Reply } from '../types'
import { FAMILIES } from './catalog/families'
import type { OptIn } from './catalog/info-map'
import { INFO_FIELDS } from './catalog/info-map'
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

/** The search_index_* families by FT.INFO field, and the factor that makes MB bytes. */
const INDEX_FIELDS = [
  ['num_docs', FAMILIES.search_index_num_docs, 1],
  ['max_doc_id', FAMILIES.search_index_max_doc_id, 1],
  ['num_terms', FAMILIES.search_index_num_terms, 1],
  ['num_records', FAMILIES.search_index_num_records, 1],
  ['inverted_sz_mb', FAMILIES.search_index_inverted_size_bytes, MB],
  ['total_inverted_index_blocks', FAMILIES.search_index_total_inverted_index_blocks, 1],
  ['vector_index_sz_mb', FAMILIES.search_index_vector_index_size_bytes, MB],
  ['offset_vectors_sz_mb', FAMILIES.search_index_offset_vectors_size_bytes, MB],
  ['doc_table_size_mb', FAMILIES.search_index_doc_table_size_bytes, MB],
  ['sortable_values_size_mb', FAMILIES.search_index_sortable_values_size_bytes, MB],
  ['key_table_size_mb', FAMILIES.search_index_key_table_size_bytes, MB],
  ['tag_overhead_sz_mb', FAMILIES.search_index_tag_overhead_size_bytes, MB],
  ['text_overhead_sz_mb', FAMILIES.search_index_text_overhead_size_bytes, MB],
  ['total_index_memory_sz_mb', FAMILIES.search_index_total_index_memory_size_bytes, MB],
  ['geoshapes_sz_mb', FAMILIES.search_index_geoshapes_size_bytes, MB],
  ['records_per_doc_avg', FAMILIES.search_index_avg_per_doc_records, 1],
  ['bytes_per_record_avg', FAMILIES.search_index_avg_per_record_bytes, 1],
  ['offsets_per_term_avg', FAMILIES.search_index_avg_per_term_offsets, 1],
  ['offset_bits_per_record_avg', FAMILIES.search_index_avg_per_record_offset_bits, 1],
  ['indexing', FAMILIES.search_index_indexing, 1],
  ['percent_indexed', FAMILIES.search_index_percent_indexed, 1],
  ['hash_indexing_failures', FAMILIES.search_index_hash_indexing_failures, 1],
  ['cleaning', FAMILIES.search_index_cleaning, 1],
] as const

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
    set.sample(FAMILIES.search_index_number_of_uses_total, fields['number_of_uses'] ?? 0, labels)
  }
}
