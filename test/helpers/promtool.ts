import { spawn } from 'node:child_process'
import { findBinary } from './which'

export type PromtoolResult = {
  /** False when promtool is not installed (then `problems` is empty). */
  available: boolean
  /**
   * One entry per lint finding, e.g. `redis_x counter metrics should have "_total" suffix`.
   * A text that promtool cannot parse yields one entry starting with `parse error:`.
   * Any other failure yields an entry starting with `promtool error:`.
   */
  problems: string[]
  stderr: string
  exitCode?: number | null
}

/** promtool on PATH (Debian's `prometheus` package ships it), or `$PROMTOOL_BIN`. */
export function promtoolBinary(): string | undefined {
  return findBinary(['promtool'], 'PROMTOOL_BIN')
}

const PARSE_ERROR_PREFIX = 'error while linting:'

/**
 * Pipes `text` to `promtool check metrics`. promtool 2.42 prints findings on stderr, one per line,
 * and exits 0 (clean), 3 (lint findings) or 1 (parse error: `error while linting: text format
 * parsing error in line N: ...`).
 */
export async function promtoolCheck(text: string): Promise<PromtoolResult> {
  const bin = promtoolBinary()
  if (!bin) return { available: false, problems: [], stderr: '' }

  const child = spawn(bin, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')))
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
  child.stdin.on('error', () => undefined) // EPIPE if promtool bails out before reading it all
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => resolve(code))
    child.stdin.end(text)
  })

  const problems: string[] = []
  const lines = `${stdout}\n${stderr}`
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
  for (const line of lines) {
    if (line.startsWith(PARSE_ERROR_PREFIX)) {
      problems.push(`parse error: ${line.slice(PARSE_ERROR_PREFIX.length).trim()}`)
    } else {
      problems.push(line)
    }
  }
  if (exitCode !== 0 && problems.length === 0) {
    problems.push(`promtool error: exit code ${exitCode} without output`)
  } else if (exitCode === 1 && !problems.some((p) => p.startsWith('parse error:'))) {
    problems.unshift(`promtool error: exit code 1`)
  }
  return { available: true, problems, stderr, exitCode }
}
