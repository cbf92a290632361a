import { describe, expect, it } from 'vitest'
import { acceptHttpEvent } from '../../../lib/http/lambda-event'
import { fixture, httpEvent } from '../../fixtures/lambda/events'

describe('acceptHttpEvent', () => {
  it.each<[string, unknown, string | undefined]>([
    ['a Function URL event', httpEvent('function-url-v2'), undefined],
    ['an ALB event', httpEvent('alb'), undefined],
    [
      'null (a direct invoke)',
      null,
      'not an HTTP event: got null; the scrape function answers Function URL, API Gateway and ALB requests',
    ],
    [
      'a schedule routed to the scrape function',
      fixture('scheduler'),
      'not an HTTP event: got an EventBridge scheduled event; schedules go to the push function (handler lambda-push.handler)',
    ],
    [
      'a header with a line break',
      httpEvent('api-gateway-v2', { headers: { 'x-a': 'b\r\nc' } }),
      'header x-a holds a line break or NUL',
    ],
  ])('%s', (_what, event, reason) => {
    const verdict = acceptHttpEvent(event)
    if (reason === undefined) {
      expect(verdict.ok).toBe(true)
      return
    }
    expect(verdict).toEqual({
      ok: false,
      reason,
      response: {
        statusCode: 400,
        headers: { 'content-type': 'text/plain; charset=UTF-8' },
        body: `error: ${reason}\n`,
        isBase64Encoded: false,
      },
    })
  })

  it('drops the body of a GET, which a Request cannot carry', () => {
    const verdict = acceptHttpEvent({ ...httpEvent('function-url-v2'), body: 'x' })
    expect(verdict.ok && verdict.event['body']).toBeUndefined()
  })
})
