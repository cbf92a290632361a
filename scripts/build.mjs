// Bundles the runtime entry points with esbuild. `node scripts/build.mjs [node]`.
import { build } from 'esbuild'
import { statSync } from 'node:fs'

const only = process.argv[2]
const entries = [{ name: 'node', entry: 'functions/node.ts', out: 'dist/node.mjs' }].filter(
  (e) => !only || e.name === only
)

for (const e of entries) {
  await build({
    entryPoints: [e.entry],
    outfile: e.out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minify: true,
    sourcemap: true,
    legalComments: 'none',
    // ESM bundles of CommonJS dependencies need a require().
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'warning',
  })
  console.log(`built ${e.out} (${(statSync(e.out).size / 1024).toFixed(1)} KiB)`)
}
