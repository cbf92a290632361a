import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../lib/errors'
import { envRecord, parseWorkerConfig, parseWorkerPushConfig } from '../../lib/worker-config'

const UPSTASH = {
  UPSTASH_REDIS_REST_URL: 'https://eu1-x-1.upstash.io/',
  UPSTASH_REDIS_REST_TOKEN: 'tok',
  REDIS_EXPORTER_BEARER_TOKEN: 'b',
}

describe('parseWorkerConfig', () => {
  it('makes the Upstash REST endpoint the main target', () => {
    const wc = parseWorkerConfig(UPSTASH)
    expect(wc.upstash).toMatchObject({ url: 'https://eu1-x-1.upstash.io', token: 'tok' })
    expect(wc.upstash?.target).toMatchObject({ id: 'eu1-x-1.upstash.io:443', tls: true })
    expect(wc.config.target?.uri).toBe('rediss://eu1-x-1.upstash.io:443')
    expect(wc.auth.mode).toBe('check')
  })

  it('uses REDIS_ADDR over TCP without Upstash settings, and refuses unauthenticated serving by default', () => {
    const wc = parseWorkerConfig({ REDIS_ADDR: 'rediss://r.example.com:6380' })
    expect(wc.upstash).toBeUndefined()
    expect(wc.config.target?.id).toBe('r.example.com:6380')
    expect(wc.auth.mode).toBe('refuse')
  })

  it.each([
    [
      { UPSTASH_REDIS_REST_TOKEN: 't' },
      /^UPSTASH_REDIS_REST_URL: must be set when UPSTASH_REDIS_REST_TOKEN is set/,
    ],
    [{ UPSTASH_REDIS_REST_URL: 'https://x' }, /^UPSTASH_REDIS_REST_TOKEN: must be set/],
    [{ ...UPSTASH, REDIS_ADDR: 'redis://h:1' }, /^REDIS_ADDR: set either/],
    [
      { ...UPSTASH, UPSTASH_REDIS_REST_URL: 'redis://x' },
      /^UPSTASH_REDIS_REST_URL: scheme redis: is not supported/,
    ],
    [
      { ...UPSTASH, UPSTASH_REDIS_REST_URL: 'https://default:tok@x' },
      /^UPSTASH_REDIS_REST_URL: must be the plain REST URL/,
    ],
    [{ ...UPSTASH, UPSTASH_REDIS_REST_URL: 'nope' }, /^UPSTASH_REDIS_REST_URL: is not a URL/],
  ])('rejects %o naming the variable', (env, message) => {
    expect(() => parseWorkerConfig(env)).toThrow(ConfigError)
    expect(() => parseWorkerConfig(env)).toThrow(message)
  })
})

describe('parseWorkerPushConfig', () => {
  const config = parseWorkerConfig(UPSTASH).config

  it('defaults the sinks to the configured ones and reads the AWS client settings', () => {
    const p = parseWorkerPushConfig(
      {
        REDIS_EXPORTER_PUSHGATEWAY_URL: 'https://pgw',
        AWS_REGION: 'eu-central-1',
        AWS_ACCESS_KEY_ID: 'AKID',
        AWS_SECRET_ACCESS_KEY: 's',
        AWS_ENDPOINT_URL_CLOUDWATCH: 'http://127.0.0.1:1',
      },
      config
    )
    expect(p.push.sinks).toEqual(['putmetricdata', 'pushgateway'])
    expect(p.push.targets.map((t) => t.id)).toEqual(['eu1-x-1.upstash.io:443'])
    expect(p.pushgateway?.url).toBe('https://pgw')
    expect(p.cloudwatch).toEqual({
      region: 'eu-central-1',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 's' },
      endpoint: 'http://127.0.0.1:1',
    })
  })

  it.each([
    [{}, /^REDIS_EXPORTER_PUSH_SINKS: name at least one of putmetricdata, pushgateway/],
    [{ REDIS_EXPORTER_PUSH_SINKS: 'pushgateway' }, /^REDIS_EXPORTER_PUSHGATEWAY_URL: must be set/],
    [
      { REDIS_EXPORTER_PUSH_SINKS: 'putmetricdata', AWS_REGION: 'us-east-1' },
      /^AWS_ACCESS_KEY_ID: must be set/,
    ],
    [
      {
        REDIS_EXPORTER_PUSH_SINKS: 'putmetricdata',
        AWS_REGION: 'mars',
        AWS_ACCESS_KEY_ID: 'a',
        AWS_SECRET_ACCESS_KEY: 's',
      },
      /^AWS_REGION: "mars" is not an AWS region/,
    ],
    [{ AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'a' }, /^AWS_SECRET_ACCESS_KEY: must be set/],
  ])('rejects %o naming the variable', (env, message) => {
    expect(() => parseWorkerPushConfig(env, config)).toThrow(message)
  })
})

it('envRecord keeps only string bindings', () => {
  expect(envRecord({ A: 'x', KV: { get() {} }, N: 1 })).toEqual({ A: 'x' })
})
