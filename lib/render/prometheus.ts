import type { Labels, MetricFamily } from '../types'

/** Content type of the Prometheus text exposition format 0.0.4, as prom-client sends it. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

/**
 * Renders families in the text format exactly as prom-client's Registry#metrics() does:
 * `# HELP` and `# TYPE` first, `\` and newlines escaped in help, `\`, newlines and `"` escaped
 * in label values, a blank line between families and one newline at the end. The one deliberate
 * difference: NaN is written `NaN` (prom-client writes `Nan`; Prometheus accepts both).
 * FamilySet's text mode writes the same page with these helpers, without the objects.
 */
export function renderPrometheus(families: readonly MetricFamily[]): string {
  // One string built by appending: V8 keeps it as a rope and flattens it once, on write.
  let out = ''
  for (let i = 0; i < families.length; i++) {
    const f = families[i]!
    const name = escapeText(f.name)
    if (i > 0) out += '\n\n'
    out += familyHeader(name, f.help, f.type)
    for (const s of f.samples) {
      out += `\n${name}${s.suffix ?? ''}${formatLabels(s.labels)} ${formatValue(s.value)}`
    }
  }
  return `${out}\n`
}

/** The `# HELP` and `# TYPE` lines of a family whose name is already escaped, without a newline. */
export function familyHeader(name: string, help: string, type: string): string {
  return `# HELP ${name} ${escapeText(help)}\n# TYPE ${name} ${type}`
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Infinity) return '+Inf'
  if (value === -Infinity) return '-Inf'
  return `${value}`
}

function formatLabels(labels: Labels): string {
  let out = ''
  for (const key in labels) out += `${out === '' ? '' : ','}${formatLabel(key, labels[key]!)}`
  return out === '' ? '' : `{${out}}`
}

/** One label as written between the braces: `key="value"`, the value escaped. */
export function formatLabel(key: string, value: string): string {
  return `${key}="${escapeLabelValue(value)}"`
}

const TEXT_SPECIAL = /[\\\n]/
const LABEL_SPECIAL = /[\\\n"]/

/** `\` and newlines escaped, as in names and help texts. */
export function escapeText(text: string): string {
  if (!TEXT_SPECIAL.test(text)) return text
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
}

/** `\`, newlines and `"` escaped, as in label values. */
export function escapeLabelValue(text: string): string {
  if (!LABEL_SPECIAL.test(text)) return text
  return escapeText(text).replace(/"/g, '\\"')
}
