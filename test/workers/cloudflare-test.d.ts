// The part of `cloudflare:test` (@cloudflare/vitest-pool-workers) these tests use, typed with the
// Web-standard Request/Response of the root tsconfig so `npm run typecheck` covers them too.
declare module 'cloudflare:test' {
  /** The Worker under test (wrangler.toml + the bindings in vitest.config.ts), as a service binding. */
  export const SELF: {
    fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>
  }
}
