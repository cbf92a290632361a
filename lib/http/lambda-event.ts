// What the scrape function accepts: an HTTP event hono/aws-lambda can turn into a Request without
// throwing (Function URL / API Gateway payload 2.0, API Gateway REST, ALB). Anything else is
// answered 400 with a one-line reason instead of a stack trace.
import { clip } from '../bounds'
import { describeEvent, isScheduledEvent } from '../push/schedule-event'

/** Most bytes of request headers (names and values) an event may carry. */
export const MAX_EVENT_HEADER_BYTES = 64 * 1024

type Obj = Record<string, unknown>

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const BAD_HEADER_VALUE = /[\0\r\n]/
const SCRAPE_ROUTES = 'the scrape function answers Function URL, API Gateway and ALB requests'

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Why `event` is not an HTTP event the scrape function can answer; undefined when it is one. */
export function httpEventProblem(event: unknown): string | undefined {
  if (!isObject(event) || isScheduledEvent(event)) {
    const what = describeEvent(event)
    if (what === 'an EventBridge scheduled event') {
      return `not an HTTP event: got ${what}; schedules go to the push function (handler lambda-push.handler)`
    }
    return `not an HTTP event: got ${what}; ${SCRAPE_ROUTES}`
  }
  const shape = requestShape(event)
  if (typeof shape === 'string') return shape
  if (!TOKEN.test(shape.method) || shape.method.length > 32) return 'the HTTP method is not valid'
  const problem = headersProblem(event) ?? queryProblem(event) ?? bodyProblem(event)
  if (problem) return problem
  const host = requestHost(event)
  try {
    new URL(`https://${host}${shape.path}`)
  } catch {
    return 'the host or path does not form a valid URL'
  }
  return undefined
}

/** The method and path, by the shape hono/aws-lambda will read them from. */
function requestShape(e: Obj): { method: string; path: string } | string {
  const ctx = e['requestContext']
  if (ctx !== undefined && !isObject(ctx)) return 'requestContext is not an object'
  if (ctx && isObject(ctx['elb'])) return methodAndPath(e['httpMethod'], e['path'], 'httpMethod')
  if ('rawPath' in e || (ctx && 'http' in ctx)) {
    const http = ctx?.['http']
    if (!isObject(http)) return 'requestContext.http is missing (payload format 2.0)'
    if (e['rawQueryString'] !== undefined && typeof e['rawQueryString'] !== 'string') {
      return 'rawQueryString is not a string'
    }
    const cookies = e['cookies']
    if (cookies !== undefined && !isStringArray(cookies)) return 'cookies is not a list of strings'
    return methodAndPath(http['method'], e['rawPath'], 'requestContext.http.method')
  }
  if (ctx && 'serviceArn' in ctx) return 'VPC Lattice events are not supported'
  if ('httpMethod' in e) return methodAndPath(e['httpMethod'], e['path'], 'httpMethod')
  if (!ctx) return `not an HTTP event: requestContext is missing; ${SCRAPE_ROUTES}`
  return 'the HTTP method is missing'
}

function methodAndPath(
  method: unknown,
  path: unknown,
  where: string
): { method: string; path: string } | string {
  if (typeof method !== 'string' || method === '') return `${where} is missing`
  if (typeof path !== 'string' || !path.startsWith('/')) return 'the path is missing'
  return { method, path }
}

function headersProblem(e: Obj): string | undefined {
  let bytes = 0
  const check = (name: string, value: unknown): string | undefined => {
    if (typeof value !== 'string') return `header ${clip(name, 64)} is not a string`
    if (!TOKEN.test(name)) return 'a header name is not valid'
    if (BAD_HEADER_VALUE.test(value)) return `header ${name} holds a line break or NUL`
    bytes += name.length + value.length
    return undefined
  }
  const single = e['headers']
  if (single !== undefined && single !== null) {
    if (!isObject(single)) return 'headers is not an object'
    for (const [name, value] of Object.entries(single)) {
      const problem = value === null ? undefined : check(name, value)
      if (problem) return problem
    }
  }
  const multi = e['multiValueHeaders']
  if (multi !== undefined && multi !== null) {
    if (!isObject(multi)) return 'multiValueHeaders is not an object'
    for (const [name, values] of Object.entries(multi)) {
      if (!isStringArray(values))
        return `multiValueHeaders ${clip(name, 64)} is not a list of strings`
      for (const value of values) {
        const problem = check(name, value)
        if (problem) return problem
      }
    }
  }
  if (bytes > MAX_EVENT_HEADER_BYTES) {
    return `the request headers are larger than ${MAX_EVENT_HEADER_BYTES} bytes`
  }
  return undefined
}

function queryProblem(e: Obj): string | undefined {
  const single = e['queryStringParameters']
  if (single !== undefined && single !== null) {
    if (!isObject(single)) return 'queryStringParameters is not an object'
    if (!Object.values(single).every((v) => v === null || typeof v === 'string')) {
      return 'queryStringParameters holds a value that is not a string'
    }
  }
  const multi = e['multiValueQueryStringParameters']
  if (multi !== undefined && multi !== null) {
    if (!isObject(multi) || !Object.values(multi).every((v) => v === null || isStringArray(v))) {
      return 'multiValueQueryStringParameters is not an object of string lists'
    }
  }
  return undefined
}

function bodyProblem(e: Obj): string | undefined {
  const body = e['body']
  const base64 = e['isBase64Encoded']
  if (base64 !== undefined && typeof base64 !== 'boolean') return 'isBase64Encoded is not a boolean'
  if (body === undefined || body === null || body === '') return undefined
  if (typeof body !== 'string') return 'the body is not a string'
  if (base64) {
    try {
      atob(body)
    } catch {
      return 'the body is not valid base64 (isBase64Encoded is true)'
    }
  }
  return undefined
}

function requestHost(e: Obj): string {
  const ctx = e['requestContext'] as Obj | undefined
  const domain = ctx?.['domainName']
  if (typeof domain === 'string') return domain
  const headers = e['headers']
  if (isObject(headers) && typeof headers['host'] === 'string') return headers['host']
  const multi = e['multiValueHeaders']
  const host = isObject(multi) ? multi['host'] : undefined
  return isStringArray(host) && host[0] !== undefined ? host[0] : 'undefined'
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string')
}

/**
 * The event as hono/aws-lambda should see it: a GET or HEAD request keeps no body (a Request
 * cannot carry one; every route of the app is a GET).
 */
export function withoutBodyOnGet(event: Obj): Obj {
  const ctx = event['requestContext'] as Obj | undefined
  const http = ctx?.['http'] as Obj | undefined
  const method = String(http?.['method'] ?? event['httpMethod'] ?? '').toUpperCase()
  if ((method !== 'GET' && method !== 'HEAD') || !event['body']) return event
  return { ...event, body: undefined, isBase64Encoded: false }
}

/** A 400 answer in the shape the event's service reads (multi-value headers for such an ALB). */
export function badEventResponse(event: unknown, reason: string): Obj {
  const headers = { 'content-type': 'text/plain; charset=UTF-8' }
  const multi = isObject(event) && isObject(event['multiValueHeaders'])
  return {
    statusCode: 400,
    ...(multi ? { multiValueHeaders: { 'content-type': [headers['content-type']] } } : { headers }),
    body: `error: ${reason}\n`,
    isBase64Encoded: false,
  }
}

/** What the scrape function does with an event: hand it to hono/aws-lambda, or answer 400. */
export type HttpEventVerdict =
  | { readonly ok: true; readonly event: Obj }
  | { readonly ok: false; readonly reason: string; readonly response: Obj }

/**
 * An event that is not a valid HTTP event (a direct invoke with null or a string, a schedule
 * routed here, a body that is not base64) gets a 400 with a one-line reason, never a throw; a
 * valid one is handed on without a body on GET.
 */
export function acceptHttpEvent(event: unknown): HttpEventVerdict {
  const reason = httpEventProblem(event)
  if (reason !== undefined) return { ok: false, reason, response: badEventResponse(event, reason) }
  return { ok: true, event: withoutBodyOnGet(event as Obj) }
}
