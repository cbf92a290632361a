// Bundles the runtime entry points with esbuild. `node scripts/build.mjs [node|lambda-scrape|lambda-push]`.
// `--or-prebuilt` (npm start): where esbuild is not installed (`npm ci --omit=dev`), keep the
// bundles already in the output folder instead of failing, and say so.
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

const args = process.argv.slice(2)
const orPrebuilt = args.includes('--or-prebuilt')
const only = args.find((a) => !a.startsWith('--'))
// BUILD_OUTDIR puts the node and Lambda bundles elsewhere (tests build into a temp dir).
const outdir = process.env.BUILD_OUTDIR ?? 'dist'
const entries = [
  { name: 'node', entry: 'functions/node.ts', target: 'node20' },
  // Split: bcryptjs (REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD) and the key checks (lib/keys) are
  // chunks loaded on first use.
  {
    name: 'lambda-scrape',
    entry: 'functions/lambda-scrape.ts',
    target: 'node22',
    budget: 200_000,
    split: true,
    // Nothing in it calls require (the build fails if that changes): no createRequire banner.
    noRequire: true,
  },
  // Split: the CloudWatch SDK is a chunk loaded only when PutMetricData is configured. Its ESM
  // build ("module") is used: a dynamically imported CommonJS chunk would only have a default export.
  {
    name: 'lambda-push',
    entry: 'functions/lambda-push.ts',
    target: 'node22',
    split: true,
    mainFields: ['module', 'main'],
  },
].filter((e) => !only || e.name === only)

const build = await loadEsbuild()

/** esbuild's build(), or (with --or-prebuilt and no esbuild) exit after checking the bundles exist. */
async function loadEsbuild() {
  try {
    return (await import('esbuild')).build
  } catch (err) {
    if (!orPrebuilt || err?.code !== 'ERR_MODULE_NOT_FOUND') throw err
  }
  const bundles = entries.map((e) => `${outdir}/${e.name}.mjs`)
  const missing = bundles.filter((f) => !existsSync(f))
  if (missing.length > 0) {
    console.error(
      `${missing.join(', ')} missing and esbuild is not installed (a production install): build ` +
        'where the dev dependencies are (`npm ci && npm run build -- node`) and copy dist/, or use the Docker image'
    )
    process.exit(1)
  }
  console.error(`esbuild is not installed: using the prebuilt ${bundles.join(', ')}`)
  process.exit(0)
}

/**
 * Lambda bundles use hono's `tiny` preset: the same Hono class with the small PatternRouter (our
 * five routes). They talk to Redis through the lean RESP client (functions/resp-pool.ts): ioredis
 * is only in the Node server's bundle, whole (no stubs).
 */
const slimLambda = {
  name: 'slim-lambda',
  setup(b) {
    b.onResolve({ filter: /^hono$/ }, (args) =>
      b.resolve('hono/tiny', { kind: args.kind, resolveDir: args.resolveDir })
    )
  },
}

/** A bundle built without the require banner must not need it (esbuild's shim would throw). */
function assertNoRequire(metafile) {
  for (const file of Object.keys(metafile.outputs).filter((f) => f.endsWith('.mjs'))) {
    if (readFileSync(file, 'utf8').includes('Dynamic require of')) {
      console.error(`${file} calls require: give its entry the createRequire banner again`)
      process.exit(1)
    }
  }
}

/** Bytes of `file` and of every chunk it imports statically (`import … from "./…"`), once each. */
function startBytes(file, seen = new Set()) {
  if (seen.has(file)) return 0
  seen.add(file)
  const body = readFileSync(file)
  const text = body.toString('utf8')
  let total = body.length
  for (const m of text.matchAll(
    /(?:^|[;\n}])\s*import\s*(?:[^'"()]*?from\s*)?["'](\.[^"']+)["']/g
  )) {
    total += startBytes(join(dirname(file), m[1]), seen)
  }
  return total
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`
const sizes = (file) => {
  const body = readFileSync(file)
  return `${kib(body.length)}, ${kib(gzipSync(body).length)} gzip`
}

for (const e of entries) {
  const chunkDir = `${e.name}-chunks`
  if (e.split) rmSync(`${outdir}/${chunkDir}`, { recursive: true, force: true })
  const meta = await build({
    entryPoints: { [e.name]: e.entry },
    outdir,
    outExtension: { '.js': '.mjs' },
    ...(e.split ? { splitting: true, chunkNames: `${chunkDir}/[name]-[hash]` } : {}),
    ...(e.mainFields ? { mainFields: e.mainFields } : {}),
    bundle: true,
    platform: 'node',
    target: e.target,
    format: 'esm',
    minify: true,
    sourcemap: true,
    legalComments: 'none',
    // ESM bundles of CommonJS dependencies need a require().
    ...(e.noRequire
      ? {}
      : {
          banner: {
            js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
          },
        }),
    logLevel: 'warning',
    metafile: true,
    ...(e.name.startsWith('lambda') ? { plugins: [slimLambda] } : {}),
  })
  const out = `${outdir}/${e.name}.mjs`
  if (e.noRequire) assertNoRequire(meta.metafile)
  // BUILD_META=1 keeps esbuild's metafile (what takes the space) next to the bundle.
  if (process.env.BUILD_META)
    writeFileSync(`${outdir}/${e.name}.meta.json`, JSON.stringify(meta.metafile))
  console.log(`built ${out} (${statSync(out).size} bytes = ${sizes(out)})`)
  const atStart = e.split ? startBytes(out) : statSync(out).size
  if (e.split)
    console.log(`  ${atStart} bytes loaded at start, with the chunks it imports statically`)
  if (e.budget && atStart > e.budget) {
    console.warn(`  warning: ${out} is over its ${e.budget}-byte target (BUILD_META=1 shows why)`)
  }
  if (e.split) {
    let total = 0
    for (const f of readdirSync(`${outdir}/${chunkDir}`).filter((f) => f.endsWith('.mjs'))) {
      total += statSync(`${outdir}/${chunkDir}/${f}`).size
    }
    const onDemand = total - (atStart - statSync(out).size)
    console.log(`  + ${outdir}/${chunkDir}/*.mjs (${kib(onDemand)}, loaded on demand)`)
  }
}

// Cloudflare Worker (`worker` step): bundled by wrangler exactly as `wrangler deploy` would, offline.
if (!only || only === 'worker') await buildWorker()

async function buildWorker() {
  const { execFileSync } = await import('node:child_process')
  const wrangler = (args) =>
    execFileSync('node_modules/.bin/wrangler', ['deploy', '--dry-run', ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    })
  rmSync('dist/worker', { recursive: true, force: true })
  wrangler(['--outdir', 'dist/worker'])
  const full = statSync('dist/worker/worker.js').size
  console.log(
    `built dist/worker/worker.js (${full} bytes = ${sizes('dist/worker/worker.js')}, both transports: Upstash REST and TCP with the lean RESP client)`
  )
  if (full > 1_000_000) {
    console.error(`dist/worker/worker.js is ${full} bytes, over the 1 MB budget`)
    process.exit(1)
  }
}
