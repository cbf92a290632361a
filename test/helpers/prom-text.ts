/**
 * A small, strict parser of the Prometheus text exposition format 0.0.4, for test assertions.
 * Malformed input throws an Error naming the line number.
 */

export type ParsedSample = {
  name: string
  labels: Record<string, string>
  value: number
  timestamp?: number
}

export type ParsedFamily = {
  name: string
  /** counter | gauge | summary | histogram | untyped (untyped also for samples with no # TYPE). */
  type: string
  help?: string
  samples: ParsedSample[]
}

const TYPES = new Set(['counter', 'gauge', 'summary', 'histogram', 'untyped'])
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/
const LABEL_NAME_AT = /[a-zA-Z_][a-zA-Z0-9_]*/y
const VALUE_SPECIAL = /["\\]/g
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/** Parses a sample value or timestamp token: decimals, exponent forms, NaN, +Inf, -Inf. */
export function parsePromValue(token: string): number {
  switch (token) {
    case 'NaN':
      return NaN
    case '+Inf':
    case 'Inf':
      return Infinity
    case '-Inf':
      return -Infinity
  }
  if (!FLOAT.test(token)) throw new Error(`invalid value ${JSON.stringify(token)}`)
  return Number(token)
}

function unescapeHelp(text: string): string {
  return text.replace(/\\(\\|n)/g, (_m, c: string) => (c === 'n' ? '\n' : '\\'))
}

/** Parses `{a="x",b="y"}` starting at `pos` (which must be '{'); returns labels and end offset. */
function parseLabels(line: string, pos: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {}
  let i = pos + 1
  const skipBlanks = () => {
    while (line[i] === ' ' || line[i] === '\t') i++
  }
  for (;;) {
    skipBlanks()
    if (line[i] === '}') return { labels, end: i + 1 }
    LABEL_NAME_AT.lastIndex = i
    const m = LABEL_NAME_AT.exec(line)
    if (!m) throw new Error(`invalid label name at column ${i + 1}`)
    const name = m[0]
    i += name.length
    skipBlanks()
    if (line[i] !== '=') throw new Error(`expected '=' after label ${name}`)
    i++
    skipBlanks()
    if (line[i] !== '"') throw new Error(`expected '"' to open the value of label ${name}`)
    i++
    let value = ''
    for (;;) {
      // Plain runs are copied whole; only quotes and backslashes are looked at one by one.
      VALUE_SPECIAL.lastIndex = i
      const special = VALUE_SPECIAL.exec(line)
      if (!special) throw new Error(`unterminated value of label ${name}`)
      value += line.slice(i, special.index)
      i = special.index
      if (special[0] === '"') break
      const e = line[i + 1]
      if (e === '\\') value += '\\'
      else if (e === '"') value += '"'
      else if (e === 'n') value += '\n'
      else throw new Error(`invalid escape \\${e ?? ''} in the value of label ${name}`)
      i += 2
    }
    i++ // closing quote
    if (Object.hasOwn(labels, name)) throw new Error(`duplicate label ${name}`)
    labels[name] = value
    skipBlanks()
    if (line[i] === ',') {
      i++
      continue
    }
    if (line[i] === '}') return { labels, end: i + 1 }
    throw new Error(`expected ',' or '}' after the value of label ${name}`)
  }
}

function belongsTo(family: ParsedFamily, sampleName: string): boolean {
  if (sampleName === family.name) return true
  if (family.type !== 'summary' && family.type !== 'histogram') return false
  const suffix = sampleName.startsWith(family.name) ? sampleName.slice(family.name.length) : ''
  return (
    suffix === '_sum' ||
    suffix === '_count' ||
    (family.type === 'histogram' && suffix === '_bucket')
  )
}

/**
 * Parses exposition text into families keyed by family name, in order of appearance. A sample
 * joins the family of the most recent `# TYPE` when its name is that family's name (or `_sum` /
 * `_count` / `_bucket` of a summary or histogram); otherwise the family of that exact name, which
 * is created as `untyped` if needed.
 */
export function parsePromText(text: string): Map<string, ParsedFamily> {
  const families = new Map<string, ParsedFamily>()
  const typed = new Set<string>()
  let current: ParsedFamily | undefined

  const family = (name: string): ParsedFamily => {
    let f = families.get(name)
    if (!f) {
      f = { name, type: 'untyped', samples: [] }
      families.set(name, f)
    }
    return f
  }

  const lines = text.split('\n')
  lines.forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    try {
      if (line.trim() === '') return
      if (line.trimStart().startsWith('#')) {
        const m = /^\s*#\s+(HELP|TYPE)\s+(\S+)(?:[ \t]+(.*))?$/.exec(line)
        if (!m) return // plain comment
        const [, keyword, name = '', rest = ''] = m
        if (!METRIC_NAME.test(name) || METRIC_NAME.exec(name)?.[0] !== name) {
          throw new Error(`invalid metric name ${JSON.stringify(name)}`)
        }
        const f = family(name)
        if (keyword === 'HELP') {
          if (f.help !== undefined) throw new Error(`second HELP line for ${name}`)
          f.help = unescapeHelp(rest)
        } else {
          const type = rest.trim()
          if (!TYPES.has(type)) throw new Error(`unknown metric type ${JSON.stringify(type)}`)
          if (typed.has(name)) throw new Error(`second TYPE line for ${name}`)
          if (f.samples.length > 0) throw new Error(`TYPE line for ${name} after its samples`)
          typed.add(name)
          f.type = type
          current = f
        }
        return
      }

      const body = line.trimStart()
      const nameMatch = METRIC_NAME.exec(body)
      if (!nameMatch) throw new Error('invalid metric name')
      const name = nameMatch[0]
      let pos = name.length
      let labels: Record<string, string> = {}
      if (body[pos] === '{') {
        const parsed = parseLabels(body, pos)
        labels = parsed.labels
        pos = parsed.end
      }
      if (body[pos] !== ' ' && body[pos] !== '\t')
        throw new Error('expected a blank before the value')
      const tokens = body
        .slice(pos)
        .trim()
        .split(/[ \t]+/)
      if (tokens.length > 2) throw new Error('trailing data after the timestamp')
      const [valueToken = '', timestampToken] = tokens
      const sample: ParsedSample = { name, labels, value: parsePromValue(valueToken) }
      if (timestampToken !== undefined) {
        if (!/^-?\d+$/.test(timestampToken)) throw new Error(`invalid timestamp ${timestampToken}`)
        sample.timestamp = Number(timestampToken)
      }
      const target = current && belongsTo(current, name) ? current : family(name)
      target.samples.push(sample)
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err)
      throw new Error(`prom text line ${index + 1}: ${reason}: ${JSON.stringify(line)}`)
    }
  })
  return families
}

/** Sorted union of the label names used by the family's samples, without `quantile` and `le`. */
export function labelNames(family: ParsedFamily): string[] {
  const names = new Set<string>()
  for (const s of family.samples) {
    for (const k of Object.keys(s.labels)) if (k !== 'quantile' && k !== 'le') names.add(k)
  }
  return [...names].sort()
}

function familyOf(
  families: Map<string, ParsedFamily>,
  sampleName: string
): ParsedFamily | undefined {
  const direct = families.get(sampleName)
  if (direct) return direct
  const m = /^(.*)_(sum|count|bucket)$/.exec(sampleName)
  return m?.[1] === undefined ? undefined : families.get(m[1])
}

/**
 * The value of the one sample named `name` (a family name or `<family>_sum|_count|_bucket`) whose
 * labels include all of `labels`. Undefined when there is none; throws when several match.
 */
export function sampleValue(
  families: Map<string, ParsedFamily>,
  name: string,
  labels: Record<string, string> = {}
): number | undefined {
  const family = familyOf(families, name)
  if (!family) return undefined
  const wanted = Object.entries(labels)
  const matches = family.samples.filter(
    (s) => s.name === name && wanted.every(([k, v]) => s.labels[k] === v)
  )
  if (matches.length > 1) {
    throw new Error(
      `sampleValue(${name}, ${JSON.stringify(labels)}) is ambiguous: ${matches.length} samples match`
    )
  }
  return matches[0]?.value
}
