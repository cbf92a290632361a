// Node built-ins loaded when first used, through `require` (`createRequire`; `process.getBuiltinModule`
// needs Node 20.16, package.json says 20), which keeps them once loaded: a static `import` loads them
// with the bundle, and the ESM namespace of `node:fs` runs its lazy getters (its streams). A Lambda
// cold start paid ~3 ms for zlib, ~7 ms for tls and ~3.6 ms for fs's streams that way
// (bench/NOTES.md, "Issue 14: the Lambda cold start").
import { createRequire } from 'node:module'

/** The built-in `name` (`node:zlib`), loaded on the first call. */
export const builtin = createRequire(import.meta.url) as <T>(name: `node:${string}`) => T
