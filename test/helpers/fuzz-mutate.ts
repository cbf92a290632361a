/**
 * Seeded mutations of real Redis replies for the reply fuzzer (test/helpers/fuzz.ts): text
 * mutations for INFO and CLUSTER INFO, structural ones for the RESP-decoded replies (LATENCY,
 * SLOWLOG, CONFIG GET). Everything is drawn from one seeded generator, so a seed replays exactly.
 */

/** A deterministic generator of floats in [0, 1) (mulberry32). */
export type Rng = () => number

export function rng(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const int = (r: Rng, n: number): number => Math.floor(r() * n)
export const pick = <T>(r: Rng, items: readonly T[]): T => items[int(r, items.length)]!

/** Characters that break naive parsers and renderers: controls, quotes, separators, non-ASCII. */
const JUNK = [
  '\u0000',
  '\u0001',
  '\r',
  '\n',
  '\r\n',
  '"',
  '\\',
  '\t',
  ',',
  '=',
  ':',
  '#',
  ' ',
  '{',
  '}',
  'é',
  '\uFFFD',
  '\uD800',
  '\uDC00',
  '\u{1F600}',
  'x',
  '9',
]

/** Values that are numbers to someone: huge, NaN, infinities, overflowing integers, words. */
export const NUMBERS = [
  'NaN',
  'nan',
  'inf',
  '-inf',
  '+inf',
  'Infinity',
  '1e308',
  '1e309',
  '-1e309',
  '9'.repeat(400),
  '0x1f',
  '1_000',
  '',
  '-0',
  '1.7976931348623157e+308',
  '4.9e-324',
  '18446744073709551615',
  '-9223372036854775808',
  'true',
  'ok',
  'fail',
  '12abc',
  ' 5 ',
]

export function junk(r: Rng, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += pick(r, JUNK)
  return out
}

/** A string of `length` characters, plain or junk. */
function longText(r: Rng, length: number): string {
  return r() < 0.5 ? 'x'.repeat(length) : junk(r, Math.min(length, 4_000)).padEnd(length, 'y')
}

/** Lines a server could repeat many times: the families with labels taken from the reply. */
const GENERATED: readonly ((i: number, r: Rng) => string)[] = [
  (i) =>
    `cmdstat_c${i}:calls=${i},usec=${i * 3},usec_per_call=3.00,rejected_calls=0,failed_calls=0`,
  (i) => `latency_percentiles_usec_c${i}:p50=1.003,p99=2.007,p99.9=${i}.5`,
  (i) => `errorstat_E${i}:count=${i}`,
  (i) => `db${i}:keys=${i},expires=0,avg_ttl=0`,
  (i) => `slave${i}:ip=10.0.0.9,port=6379,state=online,offset=${i},lag=0`,
  (i) => `cluster_f${i}:${i}`,
  (i) => `used_active_time_io_thread_${i}:${i}`,
  (i) => `master_${i}_host:10.0.0.${i % 250}`,
  (i, r) => `cmdstat_${junk(r, 8)}${i}:calls=1,usec=1`,
]

/** One mutation of INFO-like text; returns the new text and what was done. */
type TextMutation = (text: string, r: Rng) => string

const TEXT_MUTATIONS: Record<string, TextMutation> = {
  truncate: (t, r) => t.slice(0, int(r, t.length + 1)),
  duplicateLines: (t, r) => {
    const lines = t.split('\n')
    const count = 1 + int(r, r() < 0.1 ? 1_000 : 20)
    for (let i = 0; i < count; i++) lines.splice(int(r, lines.length + 1), 0, pick(r, lines))
    return lines.join('\n')
  },
  duplicateSection: (t, r) => {
    const sections = t.split(/(?=^# )/m)
    return t + (t.endsWith('\n') ? '' : '\r\n') + pick(r, sections)
  },
  numberValue: (t, r) => replaceValue(t, r, () => pick(r, NUMBERS)),
  kvValue: (t, r) => t.replace(/=([^,\r\n]*)/g, (m) => (r() < 0.15 ? `=${pick(r, NUMBERS)}` : m)),
  binaryJunk: (t, r) => {
    const at = int(r, t.length + 1)
    return t.slice(0, at) + junk(r, 1 + int(r, 200)) + t.slice(at)
  },
  longName: (t, r) => {
    const prefix = pick(r, ['cmdstat_', 'errorstat_', 'latency_percentiles_usec_', 'cluster_'])
    const name = prefix + longText(r, 1 + int(r, 5_000))
    return `${t}\r\n${name}:${pick(r, ['1', 'calls=1,usec=1', 'count=3', 'p50=1'])}\r\n`
  },
  longValue: (t, r) => replaceValue(t, r, () => longText(r, 1 + int(r, 20_000))),
  manyLines: (t, r) => {
    const make = pick(r, GENERATED)
    const count = 1 + int(r, r() < 0.15 ? 1_500 : 100)
    const lines = Array.from({ length: count }, (_, i) => make(i, r))
    return `${t}\r\n${lines.join('\r\n')}\r\n`
  },
  // Fields a prefix rule takes whose names are (or are made safe into) catalog names, or into one
  // name: they must neither join nor clash with a catalog family (the registry throws on a clash).
  catalogNames: (t, r) => {
    const lines = [
      'cluster_messages_sent_total:1',
      'cluster_messages_received_total:ok',
      'db_keys:5',
      'db-keys:6',
      'db_keys_expiring:1',
      'db_avg_ttl_seconds:2',
      'dbkeys_cached:3',
      `cluster_${pick(r, ['a-b', 'a.b', 'a_b', 'a b'])}:${int(r, 9)}`,
      `cluster_${pick(r, ['a-b', 'a.b', 'a_b', 'a b'])}:${int(r, 9)}`,
      `cluster_$&$\`${junk(r, 3)}:1`,
    ]
    return `${t}\r\n${lines.filter(() => r() < 0.7).join('\r\n')}\r\n`
  },
  sameReplicaTwice: (t) =>
    `${t}\r\nslave0:ip=10.1.1.1,port=6379,state=online,offset=1,lag=0\r\nslave1:ip=10.1.1.1,port=6379,state=online,offset=2,lag=0\r\n`,
  lineEndings: (t, r) => (r() < 0.5 ? t.replace(/\r\n/g, '\n') : t.replace(/\r?\n/g, '\r')),
  dropColons: (t, r) => t.replace(/:/g, (m) => (r() < 0.3 ? '' : m)),
}

function replaceValue(text: string, r: Rng, value: () => string): string {
  const lines = text.split('\n')
  for (let n = 1 + int(r, 5); n > 0; n--) {
    const i = int(r, lines.length)
    const line = lines[i] ?? ''
    const colon = line.indexOf(':')
    if (colon > 0) lines[i] = `${line.slice(0, colon + 1)}${value()}\r`
  }
  return lines.join('\n')
}

/** Applies 1 to 4 random text mutations; returns the text and their names. */
export function mutateText(text: string, r: Rng): { text: string; applied: string[] } {
  const applied: string[] = []
  for (let n = 1 + int(r, 4); n > 0; n--) {
    const name = pick(r, Object.keys(TEXT_MUTATIONS))
    text = TEXT_MUTATIONS[name]!(text, r)
    applied.push(name)
  }
  return { text, applied }
}

/** Values of the wrong type for any reply, as RESP2, RESP3 or a confused client may give them. */
function wrongType(r: Rng): unknown {
  return pick(r, [
    () => 42,
    () => null,
    () => undefined,
    () => true,
    () => 'OK',
    () => [],
    () => [[]],
    () => 3.5,
    () => -1n,
    () => 2n ** 70n,
    () => NaN,
    () => ({}),
    () => new Map([['calls', 1]]),
    () => new Uint8Array([0xff, 0xfe, 0x00]),
    () => junk(r, 30),
  ])()
}

/** RESP3 shapes: a flat [k, v, k, v] array as a Map or an object, numbers as bigints. */
function resp3(value: unknown, r: Rng): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => resp3(v, r))
    if (items.length % 2 === 0 && items.length > 0 && r() < 0.5) {
      const pairs: [unknown, unknown][] = []
      for (let i = 0; i < items.length; i += 2) pairs.push([items[i], items[i + 1]])
      return r() < 0.5 ? new Map(pairs) : Object.fromEntries(pairs.map(([k, v]) => [String(k), v]))
    }
    return items
  }
  if (typeof value === 'number' && Number.isInteger(value) && r() < 0.3) return BigInt(value)
  return value
}

/** Walks a decoded reply and changes some leaves or repeats some elements. */
function perturb(value: unknown, r: Rng, depth = 0): unknown {
  if (depth > 6) return value
  if (Array.isArray(value)) {
    const out = value.map((v) => perturb(v, r, depth + 1))
    if (r() < 0.1) {
      const copies = int(r, r() < 0.2 ? 500 : 5)
      for (let i = 0; i < copies && out.length > 0; i++) out.push(pick(r, out))
    }
    return out
  }
  const roll = r()
  if (roll < 0.05) return wrongType(r)
  if (typeof value === 'string' && roll < 0.15) return longText(r, 1 + int(r, 5_000))
  if (typeof value === 'string' && roll < 0.25) return junk(r, 1 + int(r, 40))
  if (typeof value === 'number' && roll < 0.25) {
    return pick(r, [Infinity, -Infinity, NaN, 1e308, -1, 2 ** 64, Number(pick(r, NUMBERS))])
  }
  return value
}

/** Mutates a RESP-decoded reply: perturbed leaves, RESP3 shapes, or a wrong type outright. */
export function mutateValue(value: unknown, r: Rng): { value: unknown; applied: string[] } {
  const roll = r()
  if (roll < 0.1) return { value: wrongType(r), applied: ['wrongType'] }
  if (roll < 0.3) return { value: resp3(value, r), applied: ['resp3'] }
  return { value: perturb(value, r), applied: ['perturb'] }
}
