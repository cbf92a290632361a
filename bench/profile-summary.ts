// Summarises a V8 .cpuprofile (from `BENCH_CPU_PROF=<dir>` or `node --cpu-prof`): self time by
// function and by file, and inclusive time by function. Frames of a bundle with its `.map` beside
// it (dist/node.mjs.map) are named by their source file, line and name instead of minified names.
// Usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [top=30]
import { existsSync, readFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import type { SourceMapPayload } from 'node:module'

interface ProfileNode {
  readonly id: number
  readonly callFrame: {
    functionName: string
    url: string
    lineNumber: number
    columnNumber: number
  }
  readonly children?: readonly number[]
}

interface Profile {
  readonly nodes: readonly ProfileNode[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

const file = process.argv[2]
if (!file) {
  console.error('usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [top]')
  process.exit(2)
}
const top = Number(process.argv[3] ?? 30)
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const parent = new Map<number, number>()
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)

const shortUrl = (url: string) => {
  const path = url.replace(/^file:\/\//, '')
  const pkg = /node_modules\/(.*)$/.exec(path)
  return pkg ? `node_modules/${pkg[1]}` : path.replace(/^.*?\/((lib|functions|bench|dist)\/)/, '$1')
}

const maps = new Map<string, SourceMap | undefined>()
function sourceMapOf(url: string): SourceMap | undefined {
  if (!maps.has(url)) {
    const path = `${url.replace(/^file:\/\//, '')}.map`
    const payload = existsSync(path)
      ? (JSON.parse(readFileSync(path, 'utf8')) as unknown)
      : undefined
    maps.set(url, payload ? new SourceMap(payload as SourceMapPayload) : undefined)
  }
  return maps.get(url)
}

/** The frame's function, file and line: from the bundle's source map when it has one. */
function frame(n: ProfileNode): { fn: string; file: string; line: number } {
  const { functionName, url, lineNumber, columnNumber } = n.callFrame
  const fn = functionName || '(anonymous)'
  // Node's typings allow `{}` when no mapping covers the position.
  const entry = (url ? sourceMapOf(url)?.findEntry(lineNumber, columnNumber) : undefined) as
    { originalSource?: string; originalLine: number; name?: string } | undefined
  if (entry?.originalSource) {
    const original = entry.name ? `${entry.name} (${fn})` : fn
    return { fn: original, file: shortUrl(entry.originalSource), line: entry.originalLine + 1 }
  }
  return { fn, file: shortUrl(url), line: lineNumber + 1 }
}
// Each node's frame is resolved once (a source-map lookup), not once per sample and ancestor.
const frames = new Map(profile.nodes.map((n) => [n.id, frame(n)]))
const label = (n: ProfileNode) => {
  const { fn, file, line } = frames.get(n.id)!
  return `${fn} ${file.split('/').slice(-2).join('/')}:${line}`
}
const self = new Map<string, number>()
const byFile = new Map<string, number>()
const inclusive = new Map<string, number>()
let total = 0
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0
  total += dt
  const node = byId.get(id)
  if (!node) return
  self.set(label(node), (self.get(label(node)) ?? 0) + dt)
  const f = frames.get(id)!.file || node.callFrame.functionName
  byFile.set(f, (byFile.get(f) ?? 0) + dt)
  const seen = new Set<string>()
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur)
    if (!n || seen.has(label(n))) continue
    seen.add(label(n))
    inclusive.set(label(n), (inclusive.get(label(n)) ?? 0) + dt)
  }
})

const print = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`)
  for (const [k, v] of [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(
      `${(v / 1000).toFixed(1).padStart(9)} ms ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`
    )
  }
}
console.log(`total ${(total / 1000).toFixed(0)} ms sampled`)
print('self time by function', self)
print('self time by file', byFile)
print('inclusive time by function', inclusive)
