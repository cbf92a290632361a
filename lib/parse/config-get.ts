import { parseIntStrict } from './number'
import { asPairs, asString } from './reply'

export interface OutputBufferLimit {
  /** As Redis prints it: `normal`, `slave` (or `replica`), `pubsub`. */
  class: string
  hardBytes: number
  softBytes: number
  softSeconds: number
}

/**
 * `CONFIG GET <pattern>`: the flat RESP2 array `[k1, v1, k2, v2, ...]`, or a RESP3 map as a JS
 * `Map` / plain object. Keys and values become strings (bytes decoded, numbers printed); pairs
 * that are not text are skipped; the last duplicate wins. Never throws.
 */
export function parseConfigGet(reply: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null)
  for (const [k, v] of asPairs(reply)) {
    const key = asString(k)
    const value = asString(v)
    if (key !== undefined && key !== '' && value !== undefined) out[key] = value
  }
  return out
}

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1000,
  kb: 1024,
  m: 1000 * 1000,
  mb: 1024 * 1024,
  g: 1000 * 1000 * 1000,
  gb: 1024 * 1024 * 1024,
}
const MEMORY = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/
const CLASS = /^[a-z][\w-]*$/i

/**
 * A Redis memory amount in bytes: `1024`, `8k` (1000), `8kb` (1024), `64m`, `64mb`, `1g`, `1gb`,
 * units case-insensitive. Decimals are tolerated (floored; Redis itself only takes integers).
 * Negative numbers and unknown units give undefined. Never throws.
 */
export function parseMemoryValue(raw: unknown): number | undefined {
  if (typeof raw !== 'string') return undefined
  const m = MEMORY.exec(raw.trim().toLowerCase())
  if (m === null) return undefined
  const unit = UNITS[m[2] ?? '']
  if (unit === undefined) return undefined
  const n = Math.floor(Number(m[1]) * unit)
  return Number.isFinite(n) ? n : undefined
}

/**
 * `client-output-buffer-limit` as CONFIG GET returns it:
 * `normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60` -> one entry per class.
 * Each class name (a token starting with a letter) takes the next three tokens (hard, soft,
 * soft-seconds); a class whose three values do not parse is skipped and scanning resumes at the
 * next token, so one bad group does not shift the others. Never throws.
 */
export function parseClientOutputBufferLimit(value: string): OutputBufferLimit[] {
  const out: OutputBufferLimit[] = []
  if (typeof value !== 'string') return out
  const t = value.trim().split(/\s+/)
  for (let i = 0; i < t.length; i++) {
    const cls = t[i] ?? ''
    if (!CLASS.test(cls)) continue
    const hardBytes = parseMemoryValue(t[i + 1])
    const softBytes = parseMemoryValue(t[i + 2])
    const softSeconds = parseIntStrict(t[i + 3])
    if (hardBytes === undefined || softBytes === undefined) continue
    if (softSeconds === undefined || softSeconds < 0) continue
    out.push({ class: cls, hardBytes, softBytes, softSeconds })
    i += 3
  }
  return out
}
