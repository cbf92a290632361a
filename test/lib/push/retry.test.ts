import { describe, expect, it } from 'vitest'
import { isRetryable, isThrottling } from '../../../lib/push/retry'

describe('the AWS retry classifiers', () => {
  it.each<[string, unknown, boolean, boolean]>([
    ['Throttling by name', { name: 'Throttling' }, true, true],
    ['ThrottlingException by code', { code: 'ThrottlingException' }, true, true],
    ['SlowDown by Code', { Code: 'SlowDown' }, true, true],
    ['the SDK’s throttling flag', { $retryable: { throttling: true } }, true, true],
    ['HTTP 429', { $metadata: { httpStatusCode: 429 } }, true, true],
    ['HTTP 503', { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } }, false, true],
    [
      'HTTP 400 invalid',
      { name: 'InvalidParameterValue', $metadata: { httpStatusCode: 400 } },
      false,
      false,
    ],
    ['a plain Error', new Error('boom'), false, false],
    ['null', null, false, false],
    ['a string', 'Throttling', false, false],
  ])('%s', (_what, err, throttling, retryable) => {
    expect(isThrottling(err)).toBe(throttling)
    expect(isRetryable(err)).toBe(retryable)
  })
})
