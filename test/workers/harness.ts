/**
 * What the workers project's global setup (Node) starts and hands to the tests (workerd) through
 * vitest's provide/inject. Plain data only: workerd reaches the servers over HTTP/TCP on 127.0.0.1.
 */
export interface Harness {
  /** Seeded redis-server behind the Upstash-protocol test server (`/t/<tag>/…`, `/fault/<kind>/…`). */
  readonly upstash: { readonly url: string; readonly token: string }
  /** Seeded redis-server with a password, for TCP from the Worker. */
  readonly tcp: { readonly host: string; readonly port: number; readonly password: string }
  /** prometheus-pushgateway behind basic auth; null when it is not installed (push tests skip). */
  readonly pushgateway: null | {
    readonly url: string
    readonly username: string
    readonly password: string
  }
  /** PutMetricData capture endpoint (`GET /__captured` lists what it received). */
  readonly cloudwatch: { readonly url: string }
  /** Harness control: `GET /cpu` is the CPU workerd has used so far (a WorkerdCpu, or null). */
  readonly control: { readonly url: string }
  /** A loopback port nothing listens on. */
  readonly closedPort: number
}

/** Secrets used by the worker tests; none of them may appear in any response, metric or log. */
export const SECRETS = {
  upstashToken: 'AXupstash-token-never-printed-31337',
  redisPassword: 'tcp-pass-never-printed-27182',
  bearer: 'prom-bearer-never-printed-16180',
  basicPassword: 'basic-pass-never-printed-14142',
  awsSecret: 'aws-secret-never-printed-17320',
} as const

declare module 'vitest' {
  export interface ProvidedContext {
    harness: Harness
  }
}
