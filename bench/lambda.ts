import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { spawnProc } from './procs'
import { median } from './stats'

export interface LambdaColdStart {
  readonly bundle: string
  readonly present: boolean
  readonly runs?: readonly {
    readonly importMs: number
    readonly firstInvokeMs: number
    readonly totalMs: number
    readonly processMs: number
    readonly status: number
    readonly up: boolean
    /** Start of the body when the status was not 200. */
    readonly head: string
  }[]
  /** Medians over the runs: import of the bundle, first invocation, and their sum. */
  readonly importMs?: number
  readonly firstInvokeMs?: number
  readonly totalMs?: number
  /** Process spawn to result, including Node's own start-up (not part of the target). */
  readonly processMs?: number
  readonly error?: string
}

/**
 * Runs in a fresh `node` per cold start: imports the bundle, invokes its `handler` once with a
 * Lambda Function URL event (payload 2.0) for GET /metrics, and prints the timings.
 */
const INVOKE = `
import { pathToFileURL } from 'node:url'
const t0 = performance.now()
const mod = await import(pathToFileURL(process.argv[1]).href)
const t1 = performance.now()
const handler = mod.handler ?? mod.default?.handler ?? mod.default
if (typeof handler !== 'function') throw new Error('no handler export: ' + Object.keys(mod).join(','))
const now = new Date()
const event = {
  version: '2.0', routeKey: '$default', rawPath: '/metrics', rawQueryString: '',
  headers: { host: 'bench.lambda-url.us-east-1.on.aws', 'user-agent': 'bench', 'x-forwarded-proto': 'https', accept: 'text/plain', authorization: 'Bearer ' + process.env.REDIS_EXPORTER_BEARER_TOKEN },
  requestContext: {
    accountId: 'anonymous', apiId: 'bench', domainName: 'bench.lambda-url.us-east-1.on.aws', domainPrefix: 'bench',
    http: { method: 'GET', path: '/metrics', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
    requestId: 'bench-1', routeKey: '$default', stage: '$default', time: now.toISOString(), timeEpoch: now.getTime(),
  },
  isBase64Encoded: false,
}
const context = {
  awsRequestId: 'bench-1', functionName: 'bench', functionVersion: '$LATEST', memoryLimitInMB: '256',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:bench', logGroupName: 'bench', logStreamName: 'bench',
  callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 10000, done() {}, fail() {}, succeed() {},
}
const res = await handler(event, context)
const t2 = performance.now()
let body = String(res?.body ?? '')
if (res?.isBase64Encoded) body = Buffer.from(body, 'base64').toString('utf8')
console.log('RESULT ' + JSON.stringify({ importMs: t1 - t0, firstInvokeMs: t2 - t1, status: res?.statusCode, up: body.includes('\\nredis_up 1\\n'), head: res?.statusCode === 200 ? '' : body.slice(0, 300) }))
process.exit(0)
`

const TOKEN = 'bench-token-0123456789'

async function once(bundle: string, redisAddr: string) {
  const t0 = performance.now()
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('REDIS_')) env[k] = v
  const proc = spawnProc(process.execPath, ['--input-type=module', '-e', INVOKE, bundle], {
    env: {
      ...env,
      REDIS_ADDR: redisAddr,
      // A Function URL needs credentials; the bearer check is part of the measured invocation.
      REDIS_EXPORTER_BEARER_TOKEN: TOKEN,
      AWS_LAMBDA_FUNCTION_NAME: 'bench',
    },
  })
  const timer = setTimeout(() => void proc.stop(), 30_000)
  await proc.exited
  clearTimeout(timer)
  await proc.stop()
  const processMs = performance.now() - t0
  const line = /^RESULT (.*)$/m.exec(proc.logs())?.[1]
  if (!line) throw new Error(`no result from the Lambda bundle:\n${proc.logs().slice(-2_000)}`)
  const r = JSON.parse(line) as {
    importMs: number
    firstInvokeMs: number
    status: number
    up: boolean
    head: string
  }
  return { ...r, totalMs: r.importMs + r.firstInvokeMs, processMs }
}

/** Import plus first invocation of the Lambda scrape bundle, in fresh processes. */
export async function lambdaColdStart(
  root: string,
  redisAddr: string,
  runs: number
): Promise<LambdaColdStart> {
  const bundle = 'dist/lambda-scrape.mjs'
  const full = join(root, bundle)
  if (!existsSync(full)) return { bundle, present: false }
  try {
    const results = []
    for (let i = 0; i < runs; i++) results.push(await once(full, redisAddr))
    return {
      bundle,
      present: true,
      runs: results,
      importMs: median(results.map((r) => r.importMs)),
      firstInvokeMs: median(results.map((r) => r.firstInvokeMs)),
      totalMs: median(results.map((r) => r.totalMs)),
      processMs: median(results.map((r) => r.processMs)),
      ...(results.some((r) => !r.up)
        ? { error: 'a first invocation did not report redis_up 1' }
        : {}),
    }
  } catch (err) {
    return { bundle, present: true, error: err instanceof Error ? err.message : String(err) }
  }
}
