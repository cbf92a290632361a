import { readFileSync, readdirSync } from 'node:fs'

export type WorkerdCpu = {
  /** CPU time on all threads (user + kernel), from /proc/<pid>/task/<tid>/schedstat, ns. */
  nanos: number
  /** User-mode CPU (JS, V8, workerd's own code) from /proc/<pid>/stat, ms (10 ms resolution). */
  userMs: number
  /** Kernel-mode CPU (sockets, syscalls), ms (10 ms resolution). */
  systemMs: number
}

const TICK_MS = 10 // USER_HZ is 100 on Linux

/** The workerd processes `parent` runs now, each with its /proc stat fields after "(comm)". */
export function workerdProcesses(parent = process.pid): { pid: number; fields: string[] }[] {
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p))
  } catch {
    return []
  }
  const out: { pid: number; fields: string[] }[] = []
  for (const pid of pids) {
    let stat: string
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    } catch {
      continue
    }
    const m = /^\d+ \((.*)\) (.*)$/.exec(stat.trim())
    const fields = m?.[2]?.split(' ') ?? []
    if (m?.[1] === 'workerd' && Number(fields[1]) === parent) out.push({ pid: Number(pid), fields })
  }
  return out
}

/** CPU time of every thread of the process so far, ns (/proc/<pid>/task/<tid>/schedstat). */
export function threadsCpuNanos(pid: number): number {
  let nanos = 0
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      nanos += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0])
    } catch {
      // the thread ended
    }
  }
  return nanos
}

/**
 * CPU used so far by every workerd process started by this Node process (Miniflare runs workerd as
 * a child of the vitest main process). Linux only; undefined elsewhere or when none is running.
 */
export function workerdCpu(parent = process.pid): WorkerdCpu | undefined {
  const processes = workerdProcesses(parent)
  if (processes.length === 0) return undefined
  const total: WorkerdCpu = { nanos: 0, userMs: 0, systemMs: 0 }
  for (const { pid, fields } of processes) {
    // After "(comm)": state ppid ... utime is field 14 of stat, i.e. index 11 here; stime index 12.
    total.userMs += Number(fields[11]) * TICK_MS
    total.systemMs += Number(fields[12]) * TICK_MS
    total.nanos += threadsCpuNanos(pid)
  }
  return total
}
