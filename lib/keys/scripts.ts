/**
 * REDIS_EXPORTER_SCRIPT: each script runs as `EVAL script 0 0` (or EVAL_RO) and returns a flat
 * `{k1, v1, k2, v2…}` list whose values are numbers: `redis_script_values{key,filename}`, and
 * `redis_script_result{filename}` 1 (ok), 2 (empty) or 0 (an error, or a value that is no number).
 */
import { MAX_LABEL_VALUE, clip } from '../bounds'
import { asArray, asNumber, asString } from '../parse/reply'
import type { Reply } from '../types'
import type { ScriptSource } from './key-checks'
import type { ScriptSample } from './key-report'
import type { Job } from './wire'

/** Most key/value pairs read from one script's reply. */
export const MAX_SCRIPT_VALUES = 10_000

/** The job of one script; `done` gets its sample and, on failure, the error text. */
export function scriptJob(
  source: ScriptSource,
  readOnly: boolean,
  done: (sample: ScriptSample, error?: string) => void
): Job {
  return {
    command: [readOnly ? 'EVAL_RO' : 'EVAL', source.text, '0', '0'],
    onReply: (r) => {
      const { sample, error } = scriptResult(source.filename, r)
      done(sample, error)
    },
  }
}

/** A script's reply as its sample (and error text when it failed). */
export function scriptResult(
  filename: string,
  reply: Reply
): { sample: ScriptSample; error?: string } {
  const failed = (error: string) => ({
    sample: { filename, values: [], result: 0 as const },
    error: clip(`script ${filename}: ${error}`),
  })
  if (!reply.ok) return failed(reply.error)
  const items = asArray(reply.value)
  if (!items) return failed('the script did not return a list of key/value pairs')
  if (items.length === 0) return { sample: { filename, values: [], result: 2 } }
  const values: [string, number][] = []
  for (let i = 0; i + 1 < items.length && values.length < MAX_SCRIPT_VALUES; i += 2) {
    const key = asString(items[i])
    const value = asNumber(items[i + 1])
    if (key === undefined || value === undefined) {
      return failed(`the value of item ${i / 2 + 1} is not a number`)
    }
    values.push([clip(key, MAX_LABEL_VALUE), value])
  }
  return { sample: { filename, values, result: 1 } }
}
