/**
 * A small reader of the instructions this project's Dockerfile uses (FROM, ARG, ENV, WORKDIR,
 * COPY, RUN, USER, EXPOSE, HEALTHCHECK, CMD, ENTRYPOINT), so that a test can do what a stage does without
 * Docker. Not a general Dockerfile parser: anything it does not understand throws.
 */

export type Copy = { from?: string; sources: string[]; dest: string }

export type Stage = {
  name: string
  image: string
  workdir: string
  /** ARG defaults declared in the stage (and global ARGs before the first FROM). */
  args: Record<string, string>
  env: Record<string, string>
  copies: Copy[]
  runs: string[]
  user?: string
  expose: number[]
  /** The exec form of HEALTHCHECK … CMD [...], and its options (`--interval=30s` → interval). */
  healthcheck?: { options: Record<string, string>; cmd: string[] }
  cmd?: string[]
  entrypoint?: string[]
}

const unquote = (s: string) => s.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1')

/** Logical lines: continuations joined, comments and blank lines dropped. */
function instructions(text: string): [string, string][] {
  const joined = text.replace(/\\\n/g, ' ')
  return joined
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const m = /^(\w+)\s+(.*)$/.exec(l)
      if (!m) throw new Error(`cannot read Dockerfile line: ${l}`)
      return [m[1]!.toUpperCase(), m[2]!.replace(/\s+/g, ' ').trim()]
    })
}

/** `k=v k2="v 2"` pairs, with `${ARG}` replaced by the ARG defaults. */
function pairs(rest: string, args: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of rest.matchAll(/(\w+)=("[^"]*"|'[^']*'|\S*)/g)) {
    out[m[1]!] = unquote(m[2]!).replace(/\$\{(\w+)\}|\$(\w+)/g, (_w, a?: string, b?: string) => {
      const v = args[a ?? b ?? '']
      if (v === undefined) throw new Error(`unknown variable in Dockerfile: ${rest}`)
      return v
    })
  }
  return out
}

function execForm(rest: string): string[] {
  const parsed: unknown = JSON.parse(rest)
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) {
    throw new Error(`expected the exec form ["…"]: ${rest}`)
  }
  return parsed as string[]
}

function copy(rest: string): Copy {
  const words = rest.split(' ')
  let from: string | undefined
  while (words[0]?.startsWith('--')) {
    const flag = words.shift()!
    if (flag.startsWith('--from=')) from = flag.slice('--from='.length)
    else if (!flag.startsWith('--chown=') && !flag.startsWith('--chmod=')) {
      throw new Error(`unsupported COPY flag ${flag}`)
    }
  }
  const dest = words.pop()
  if (!dest || words.length === 0) throw new Error(`COPY needs sources and a destination: ${rest}`)
  return { ...(from ? { from } : {}), sources: words, dest }
}

/** The stages of a Dockerfile, in order. */
export function parseDockerfile(text: string): Stage[] {
  const globalArgs: Record<string, string> = {}
  const stages: Stage[] = []
  for (const [op, rest] of instructions(text)) {
    const stage = stages.at(-1)
    if (op === 'FROM') {
      const m = /^(\S+)(?: AS (\S+))?$/i.exec(rest)
      if (!m) throw new Error(`cannot read FROM ${rest}`)
      const image = m[1]!.replace(/\$\{(\w+)\}/g, (_w, a: string) => globalArgs[a] ?? '')
      const args = { ...globalArgs }
      stages.push({
        name: m[2] ?? String(stages.length),
        image,
        workdir: '/',
        args,
        env: {},
        copies: [],
        runs: [],
        expose: [],
      })
      continue
    }
    if (op === 'ARG') {
      const [name, value = ''] = rest.split('=', 2) as [string, string?]
      ;(stage ? stage.args : globalArgs)[name] = unquote(value)
      continue
    }
    if (!stage) throw new Error(`${op} before FROM`)
    if (op === 'ENV') Object.assign(stage.env, pairs(rest, { ...stage.args, ...stage.env }))
    else if (op === 'WORKDIR') stage.workdir = rest
    else if (op === 'COPY') stage.copies.push(copy(rest))
    else if (op === 'RUN') stage.runs.push(rest)
    else if (op === 'USER') stage.user = rest
    else if (op === 'EXPOSE')
      stage.expose.push(...rest.split(' ').map((p) => Number(p.split('/')[0])))
    else if (op === 'CMD') stage.cmd = execForm(rest)
    else if (op === 'ENTRYPOINT') stage.entrypoint = execForm(rest)
    else if (op === 'HEALTHCHECK') {
      const m = /^((?:--\S+ )*)CMD (\[.*\])$/.exec(rest)
      if (!m) throw new Error(`cannot read HEALTHCHECK ${rest}`)
      const options = Object.fromEntries(
        m[1]!
          .trim()
          .split(' ')
          .filter(Boolean)
          .map((o) => o.slice(2).split('=', 2) as [string, string])
      )
      stage.healthcheck = { options, cmd: execForm(m[2]!) }
    } else if (op !== 'LABEL') throw new Error(`unsupported instruction ${op}`)
  }
  return stages
}

/**
 * Whether `.dockerignore` lets `path` (relative to the context) into the build context: the last
 * pattern that matches the path or one of its parents decides (`!` re-includes). Supports the
 * plain paths and the lone `*` this project's allowlist uses.
 */
export function inBuildContext(dockerignore: string, path: string): boolean {
  const patterns = dockerignore
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
  let included = true
  const parts = path.split('/')
  for (const raw of patterns) {
    const negate = raw.startsWith('!')
    const pattern = (negate ? raw.slice(1) : raw).replace(/\/$/, '')
    if (/[?[\]]|\*./.test(pattern)) throw new Error(`unsupported .dockerignore pattern ${raw}`)
    const matches =
      pattern === '*' || parts.some((_p, i) => parts.slice(0, i + 1).join('/') === pattern)
    if (matches) included = negate
  }
  return included
}
