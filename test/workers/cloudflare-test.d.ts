// The part of `cloudflare:test` (@cloudflare/vitest-pool-workers) these tests use, typed with the
// Web-standard Request/Response of the root tsconfig so `npm run typecheck` covers them too.
declare module 'cloudflare:test' {
  /** The Worker under test (wrangler.toml + the bindings in vitest.config.ts), as a service binding. */
  export const SELF: {
    fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>
  }
}
declare module 'cloudflare:test' {
  /** The Worker's bindings (vitest.config.ts), the PUSH_QUEUE producer included. */
  export const env: Record<string, unknown>
  export function createExecutionContext(): { waitUntil(p: Promise<unknown>): void }
  export function createMessageBatch(
    queueName: string,
    messages: { id: string; timestamp: Date; attempts: number; body: unknown }[]
  ): { readonly messages: readonly { body: unknown; ack(): void; retry(): void }[] }
  export function getQueueResult(
    batch: unknown,
    ctx: unknown
  ): Promise<{
    outcome: string
    ackAll: boolean
    retryBatch: { retry: boolean }
    explicitAcks: string[]
    retryMessages: { msgId: string }[]
  }>
}
