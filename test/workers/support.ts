import type { ExecutionContext } from 'hono'
import { inject, vi } from 'vitest'
import type sourceWorker from '../../functions/worker'
// @ts-expect-error -- the wrangler bundle is built by the global setup and has no declarations
import built from '../../dist/worker-test/worker.js'
import { parsePromText, sampleValue } from '../helpers/prom-text'
import type { ParsedFamily } from '../helpers/prom-text'
import { SECRETS } from './harness'

/** The Worker as wrangler bundles it for deployment (dist/worker-test/worker.js), typed from source. */
export const worker = built as typeof sourceWorker
export const h = inject('harness')
export { SECRETS, sampleValue }

export type Env = Record<string, string>
export const AUTH = { authorization: `Bearer ${SECRETS.bearer}` }

let tags = 0
/** A fresh Upstash REST URL with its own request counter (`/t/<tag>`), optionally through a fault. */
export function upstashUrl(fault?: string): { url: string; tag: string } {
  const tag = `w${Date.now().toString(36)}${++tags}`
  return { tag, url: `${h.upstash.url}/t/${tag}${fault ? `/fault/${fault}` : ''}` }
}

/** A Worker env for Upstash REST (a new object = a new "deployment": its own module-scope state). */
export function upstashEnv(extra: Env = {}, fault?: string): { env: Env; tag: string } {
  const { url, tag } = upstashUrl(fault)
  return {
    tag,
    env: {
      UPSTASH_REDIS_REST_URL: url,
      UPSTASH_REDIS_REST_TOKEN: SECRETS.upstashToken,
      REDIS_EXPORTER_BEARER_TOKEN: SECRETS.bearer,
      ...extra,
    },
  }
}

/** A Worker env for TCP to the password-protected test Redis. */
export function tcpEnv(extra: Env = {}): Env {
  return {
    REDIS_ADDR: `redis://${h.tcp.host}:${h.tcp.port}`,
    REDIS_PASSWORD: SECRETS.redisPassword,
    REDIS_EXPORTER_BEARER_TOKEN: SECRETS.bearer,
    ...extra,
  }
}

export function executionContext(): ExecutionContext & { settled(): Promise<unknown> } {
  const pending: Promise<unknown>[] = []
  return {
    waitUntil: (p) => void pending.push(p),
    passThroughOnException: () => undefined,
    props: {},
    settled: () => Promise.allSettled(pending),
  }
}

/** One request to the Worker's fetch handler with this env (bearer auth by default). */
export async function call(
  env: Env,
  path: string,
  headers: Record<string, string> = AUTH
): Promise<Response> {
  const ctx = executionContext()
  const res = await worker.fetch(new Request(`http://exporter.test${path}`, { headers }), env, ctx)
  await ctx.settled()
  return res
}

/** GET a metrics page; asserts 200 and the Prometheus content type. */
export async function metrics(
  env: Env,
  path = '/metrics'
): Promise<{ text: string; families: Map<string, ParsedFamily>; ms: number }> {
  const started = Date.now()
  const res = await call(env, path)
  const text = await res.text()
  if (res.status !== 200) throw new Error(`${path} -> ${res.status}: ${text}`)
  if (res.headers.get('content-type') !== 'text/plain; version=0.0.4; charset=utf-8') {
    throw new Error(`${path}: content-type ${res.headers.get('content-type')}`)
  }
  return { text, families: parsePromText(text), ms: Date.now() - started }
}

/** Requests the Upstash test server counted under a tag. */
export async function upstashStats(tag: string): Promise<{ requests: number; commands: number }> {
  return (await fetch(`${h.upstash.url}/__stats?tag=${tag}`)).json()
}

/** Captures the Worker's console.log lines (its JSON log) while `work` runs. */
export async function captureLogs<T>(
  work: () => Promise<T>
): Promise<{ result: T; logs: string[] }> {
  const logs: string[] = []
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    logs.push(args.map(String).join(' '))
  })
  try {
    return { result: await work(), logs }
  } finally {
    spy.mockRestore()
  }
}

/** Fails when any test secret appears in the text. */
export function expectNoSecrets(text: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) {
    if (text.includes(secret))
      throw new Error(
        `secret ${name} leaked: …${text.slice(Math.max(0, text.indexOf(secret) - 80), text.indexOf(secret) + 40)}…`
      )
  }
}
