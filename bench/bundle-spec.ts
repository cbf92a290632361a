/**
 * A Node server bundle as the A/B scripts take it: the path, then `node` flags and settings after
 * `::` (`dist/node.mjs::--max-semi-space-size=4::REDIS_EXPORTER_REDIS_CLIENT=ioredis`).
 */
export interface BundleSpec {
  readonly bundle: string
  readonly flags: string[]
  readonly settings: Record<string, string>
}

export function parseBundleSpec(spec: string): BundleSpec {
  const [bundle = '', ...extra] = spec.split('::')
  const flags = extra.filter((x) => x.startsWith('-'))
  const settings = Object.fromEntries(
    extra
      .filter((x) => !x.startsWith('-'))
      .map((x) => [x.split('=')[0]!, x.split('=').slice(1).join('=')])
  )
  return { bundle, flags, settings }
}
