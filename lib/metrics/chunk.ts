import type { Descriptor } from './descriptor'
import type { Suffix } from './family-names'

/**
 * Lines of one family as a text-mode FamilySet wrote them (`record`), to be written again
 * (`replay`) while what they were rendered from is unchanged: the latency statistics, which a
 * target reuses for REDIS_EXPORTER_LATENCY_REFRESH_INTERVAL, are rendered once per refresh instead
 * of once per scrape. A chunk carries what the set's caps and duplicate check need, so a replayed
 * chunk counts exactly as its samples added one by one; a set that cannot take it whole (a cap, a
 * duplicate, another namespace or appended label) says so, and the caller adds the samples.
 */
export interface Chunk {
  readonly desc: Descriptor
  /** The namespace prefix and appended label text the lines were written with. */
  readonly prefix: string
  readonly tail: string
  /** The lines, each starting with `\n`. */
  readonly text: string
  /** Each sample's suffix and series key, in order. */
  readonly suffixes: readonly Suffix[]
  readonly keys: readonly string[]
  /** The upper bound of the lines' bytes (page-size.ts), without the family header. */
  readonly bytes: number
}

/** A chunk being recorded; `ok` turns false when the recording wrote anything else. */
export interface Recording {
  readonly desc: Descriptor
  text: string
  readonly suffixes: Suffix[]
  readonly keys: string[]
  bytes: number
  ok: boolean
}

/** A new recording of lines of `desc`. */
export function recording(desc: Descriptor): Recording {
  return { desc, text: '', suffixes: [], keys: [], bytes: 0, ok: true }
}

/** Samples in the chunk. */
export function chunkSamples(chunk: Chunk): number {
  return chunk.keys.length
}

/** Notes a line written while `rec` records; a line of another family spoils the recording. */
export function recordLine(
  rec: Recording,
  desc: Descriptor,
  line: string,
  suffix: Suffix,
  key: string,
  bytes: number
): void {
  if (desc !== rec.desc) {
    rec.ok = false
    return
  }
  rec.text += line
  rec.suffixes.push(suffix)
  rec.keys.push(key)
  rec.bytes += bytes
}
