import { execFile } from 'node:child_process'
import { promtoolBinary } from './promtool'

export type PromtoolRun = { code: number | null; output: string }

/**
 * Runs `promtool <args>` (e.g. `check rules a.yml`, `test rules t.yml`, `check config p.yml`) and
 * returns its exit code and stdout + stderr. Throws when promtool is not installed.
 */
export function runPromtool(args: string[], cwd?: string): Promise<PromtoolRun> {
  const bin = promtoolBinary()
  if (!bin) throw new Error('promtool not found (install the Debian prometheus package)')
  return new Promise((resolve) => {
    execFile(bin, args, { cwd, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0
      resolve({ code, output: `${stdout}${stderr}` })
    })
  })
}
