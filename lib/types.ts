/**
 * Shapes that cross module boundaries. Everything here is plain data.
 */

/** One Redis command: name first, then its arguments, all strings. */
export type Command = readonly [string, ...string[]]

/** One reply per command: a value, or the error text Redis (or the transport) gave for that command. */
export type Reply =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string }

export type MetricType = 'gauge' | 'counter' | 'summary' | 'histogram' | 'untyped'

export type Labels = Readonly<Record<string, string>>

/** One sample line. `suffix` is appended to the family name (`_sum`, `_count`, `_bucket`). */
export interface Sample {
  readonly suffix?: '' | '_sum' | '_count' | '_bucket'
  readonly labels: Labels
  readonly value: number
}

/** A metric family: one `# HELP` / `# TYPE` block and its samples. */
export interface MetricFamily {
  readonly name: string
  readonly help: string
  readonly type: MetricType
  readonly samples: readonly Sample[]
}

/** INFO parsed into field -> raw string value (sections flattened; last one wins). */
export type InfoRecord = Readonly<Record<string, string>>
