import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { gzipSync } from 'node:zlib'
import { runToEnd } from './procs'

export interface BuildResult {
  readonly ok: boolean
  readonly command: string
  /** What failed, when the full build did (the Node bundle is then built alone). */
  readonly error?: string
}

export interface BundleSize {
  readonly name: string
  readonly path: string
  readonly present: boolean
  /** Sum over the bundle's .js/.mjs files loaded at start (source maps excluded). */
  readonly bytes?: number
  readonly gzipBytes?: number
  /** Code-split chunks loaded only on demand (e.g. the CloudWatch SDK of the push bundle). */
  readonly onDemandBytes?: number
  readonly files?: readonly string[]
}

/** Bundles looked for by name; the Lambda and Worker ones appear as their entries are added. */
export const BUNDLES: readonly { name: string; path: string; chunks?: string }[] = [
  { name: 'node', path: 'dist/node.mjs' },
  { name: 'lambda-scrape', path: 'dist/lambda-scrape.mjs', chunks: 'dist/lambda-scrape-chunks' },
  { name: 'lambda-push', path: 'dist/lambda-push.mjs', chunks: 'dist/lambda-push-chunks' },
  { name: 'worker', path: 'dist/worker' },
]

/** `npm run build` (every entry); if that fails, the Node bundle alone so the benchmark can go on. */
export async function buildBundles(root: string): Promise<BuildResult> {
  try {
    await runToEnd(process.execPath, ['scripts/build.mjs'], { cwd: root })
    return { ok: true, command: 'node scripts/build.mjs' }
  } catch (err) {
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 2_000)
    await runToEnd(process.execPath, ['scripts/build.mjs', 'node'], { cwd: root })
    return { ok: false, command: 'node scripts/build.mjs node', error }
  }
}

function codeFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .map((f) => join(path, f))
    .filter((f) => /\.(m?js|cjs)$/.test(f) && statSync(f).isFile())
}

/** `file` and every chunk it imports statically (`import … from "./…"`), transitively. */
function staticImports(file: string, seen: string[] = []): string[] {
  if (seen.includes(file)) return seen
  seen.push(file)
  const text = readFileSync(file, 'utf8')
  for (const m of text.matchAll(
    /(?:^|[;\n}])\s*import\s*(?:[^'"()]*?from\s*)?["'](\.[^"']+)["']/g
  )) {
    staticImports(join(dirname(file), m[1]!), seen)
  }
  return seen
}

export function bundleSizes(root: string): BundleSize[] {
  return BUNDLES.map(({ name, path, chunks }) => {
    const full = join(root, path)
    if (!existsSync(full)) return { name, path, present: false }
    const chunkDir = chunks ? join(root, chunks) : undefined
    // A split bundle loads its entry and the shared chunks it imports statically at start.
    const files = chunkDir ? staticImports(full) : codeFiles(full)
    const data = files.map((f) => readFileSync(f))
    const onDemand =
      chunkDir && existsSync(chunkDir) ? codeFiles(chunkDir).filter((f) => !files.includes(f)) : []
    return {
      name,
      path,
      present: files.length > 0,
      bytes: data.reduce((a, d) => a + d.length, 0),
      gzipBytes: data.reduce((a, d) => a + gzipSync(d).length, 0),
      ...(onDemand.length > 0
        ? { onDemandBytes: onDemand.reduce((a, f) => a + statSync(f).size, 0) }
        : {}),
      files: files.map((f) => relative(root, f)),
    }
  })
}
