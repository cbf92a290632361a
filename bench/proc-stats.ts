import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

export interface ProcSample {
  /** User + system CPU time of the process so far, milliseconds. */
  readonly cpuMs: number
  /** Resident set size now (VmRSS), bytes. */
  readonly rssBytes: number
  /** Peak resident set size so far (VmHWM), bytes. */
  readonly hwmBytes: number
}

let ticks: number | undefined

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (`getconf CLK_TCK`, usually 100). */
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    } catch {
      ticks = 100
    }
  }
  return ticks
}

function statusKb(status: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
  return m ? Number(m[1]) : Number.NaN
}

/** User + system CPU time of a `stat` file (a process's or one thread's), milliseconds. */
function statCpuMs(path: string): number {
  const stat = readFileSync(path, 'utf8')
  // The command name (field 2) may contain spaces; fields after the closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks()
}

/** CPU time of one thread of a process so far, milliseconds; its main thread by default. */
export function threadCpuMs(pid: number, tid = pid): number {
  return statCpuMs(`/proc/${pid}/task/${tid}/stat`)
}

/** CPU time and memory of a running process, from /proc (Linux only). */
export function sampleProc(pid: number): ProcSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return {
    cpuMs: statCpuMs(`/proc/${pid}/stat`),
    rssBytes: statusKb(status, 'VmRSS') * 1024,
    hwmBytes: statusKb(status, 'VmHWM') * 1024,
  }
}

/** Load average over 1, 5 and 15 minutes, as /proc/loadavg reports it. */
export function loadAverage(): [number, number, number] {
  const [a = 0, b = 0, c = 0] = readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number)
  return [a, b, c]
}

/**
 * Wall time of a fixed CPU-bound workload in this process, milliseconds. Taken at the start and
 * end of a run: when it moves, the machine's speed moved (other load, throttling) during the run.
 */
export function cpuProbeMs(): number {
  const data = Array.from({ length: 2_000 }, (_, i) => ({ i, name: `field_${i}`, v: i * 1.5 }))
  const t0 = performance.now()
  let n = 0
  for (let k = 0; k < 50; k++) n += (JSON.parse(JSON.stringify(data)) as unknown[]).length
  if (n !== 100_000) throw new Error('unreachable')
  return performance.now() - t0
}
