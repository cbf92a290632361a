import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../../lib/config'
import type { Runtime } from '../../../lib/settings/table'
import {
  closestName,
  editDistance,
  settingWarnings,
  startupWarnings,
} from '../../../lib/settings/warnings'

const WHERE: Readonly<Record<Runtime, string>> = {
  node: 'the Node server',
  'lambda-scrape': 'the Lambda scrape function',
  'lambda-push': 'the Lambda push function',
  worker: 'Workers',
}

describe('settingWarnings', () => {
  it.each<[string, Record<string, string>, Runtime, string[]]>([
    [
      'an unknown variable, naming the closest known one',
      { REDIS_EXPORTER_CONECTION_TIMEOUT: '5s' },
      'node',
      [
        'REDIS_EXPORTER_CONECTION_TIMEOUT is not a setting of this exporter; ignored (did you mean REDIS_EXPORTER_CONNECTION_TIMEOUT?)',
      ],
    ],
    [
      'an unknown variable close to a redis_exporter spelling',
      { REDIS_EXPORTER_INCLUDE_SYSTEM_METRICS: 'true' },
      'lambda-scrape',
      [
        'REDIS_EXPORTER_INCLUDE_SYSTEM_METRICS is not a setting of this exporter; ignored (did you mean REDIS_EXPORTER_INCL_SYSTEM_METRICS?)',
      ],
    ],
    [
      'an unknown variable close to nothing',
      { REDIS_EXPORTER_FROBNICATE: '1' },
      'worker',
      ['REDIS_EXPORTER_FROBNICATE is not a setting of this exporter; ignored'],
    ],
    [
      'a setting of another runtime',
      { REDIS_EXPORTER_WEB_LISTEN_ADDRESS: ':9121' },
      'worker',
      [
        'REDIS_EXPORTER_WEB_LISTEN_ADDRESS means nothing on Workers (it is used only by the Node server); ignored',
      ],
    ],
    [
      'a push setting on the scrape function',
      { REDIS_EXPORTER_TARGETS: 'redis://h:1' },
      'lambda-scrape',
      [
        'REDIS_EXPORTER_TARGETS means nothing on the Lambda scrape function (it is used only by the Lambda push function, Workers); ignored',
      ],
    ],
    [
      'a file setting where files cannot be read',
      { REDIS_PASSWORD_FILE: '/p.json' },
      'lambda-push',
      [
        'REDIS_PASSWORD_FILE means nothing on the Lambda push function (files are read only by the Node server); ignored',
      ],
    ],
    [
      'a Worker setting on the Node server',
      { UPSTASH_REDIS_REST_URL: 'https://x.upstash.io' },
      'node',
      [
        'UPSTASH_REDIS_REST_URL means nothing on the Node server (it is used only by Workers); ignored',
      ],
    ],
    [
      'an unsupported redis_exporter setting',
      { REDIS_EXPORTER_INCLUDE_GO_RUNTIME_METRICS: 'true' },
      'node',
      [
        "REDIS_EXPORTER_INCLUDE_GO_RUNTIME_METRICS is redis_exporter's setting for -include-go-runtime-metrics; not supported by this exporter: there is no Go runtime; the Node server exports Node process metrics instead (off with REDIS_EXPORTER_REDIS_ONLY_METRICS); ignored",
      ],
    ],
    [
      'an old spelling',
      { REDIS_EXPORTER_INCLUDE_METRICS_FOR_EMPTY_DATABASES: 'false' },
      'worker',
      [
        'REDIS_EXPORTER_INCLUDE_METRICS_FOR_EMPTY_DATABASES is an old spelling; use REDIS_EXPORTER_INCL_METRICS_FOR_EMPTY_DATABASES',
      ],
    ],
    [
      'several at once, sorted by name, with why they mean nothing there',
      { REDIS_EXPORTER_LOG_FORMAT: 'json', REDIS_EXPORTER_DEBUG: '1' },
      'lambda-scrape',
      [
        'REDIS_EXPORTER_DEBUG means nothing on the Lambda scrape function (Lambda and Workers always log JSON lines for their log services); ignored',
        'REDIS_EXPORTER_LOG_FORMAT means nothing on the Lambda scrape function (Lambda and Workers always log JSON lines for their log services); ignored',
      ],
    ],
    ...(
      [
        'REDIS_EXPORTER_TLS_SERVER_CERT_FILE',
        'REDIS_EXPORTER_TLS_SERVER_KEY_FILE',
        'REDIS_EXPORTER_TLS_SERVER_CA_CERT_FILE',
        'REDIS_EXPORTER_TLS_SERVER_MIN_VERSION',
      ] as const
    ).flatMap((name) =>
      (['lambda-scrape', 'lambda-push', 'worker'] as const).map(
        (runtime): [string, Record<string, string>, Runtime, string[]] => [
          `${name} on ${runtime}`,
          { [name]: 'x' },
          runtime,
          [
            `${name} means nothing on ${WHERE[runtime]} (Lambda Function URLs and Workers serve HTTPS themselves); ignored`,
          ],
        ]
      )
    ),
    [
      'the RDB file size, which needs the RDB file on the local disk',
      { REDIS_EXPORTER_INCL_RDB_FILE_SIZE_METRIC: 'true' },
      'node',
      [
        "REDIS_EXPORTER_INCL_RDB_FILE_SIZE_METRIC is redis_exporter's setting for -include-rdb-file-size-metric; not supported by this exporter: it needs the RDB file on the exporter's own disk, which a remote or serverless exporter does not have; ignored",
      ],
    ],
  ])('warns about %s', (_what, env, runtime, warnings) => {
    expect(settingWarnings(env, runtime)).toEqual(warnings)
  })

  it.each<[string, Record<string, string>, Runtime]>([
    ['settings that apply', { REDIS_ADDR: 'redis://h:1', REDIS_EXPORTER_TARGETS: 'h:1' }, 'worker'],
    ['platform variables', { AWS_REGION: 'us-east-1', AWS_SESSION_TOKEN: 't' }, 'node'],
    ['the extension port', { PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '2773' }, 'lambda-scrape'],
    ['variables of other software', { PATH: '/bin', REDIS_VERSION: '7.0', HOME: '/' }, 'node'],
    ['blank values', { REDIS_EXPORTER_NOPE: ' ', REDIS_EXPORTER_CHECK_KEYS: '' }, 'node'],
    ['blank inapplicable values', { REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: '' }, 'lambda-push'],
    [
      'HTTPS and logging on the Node server',
      {
        REDIS_EXPORTER_TLS_SERVER_CERT_FILE: '/c.pem',
        REDIS_EXPORTER_LOG_FORMAT: 'txt',
        REDIS_EXPORTER_DEBUG: 'true',
      },
      'node',
    ],
    [
      'the bcrypt hash where /metrics is served',
      { REDIS_EXPORTER_BASIC_AUTH_HASH_PASSWORD: '$2y$10$x' },
      'worker',
    ],
  ])('says nothing about %s', (_what, env, runtime) => {
    expect(settingWarnings(env, runtime)).toEqual([])
  })

  it('never repeats a value', () => {
    const value = 'redis://u:S3cretPw@h:1'
    const env = {
      REDIS_EXPORTER_CONECTION_TIMEOUT: value,
      REDIS_EXPORTER_WEB_LISTEN_ADDRESS: value,
      REDIS_EXPORTER_TLS_SERVER_KEY_FILE: value,
      REDIS_EXPORTER_INCLUDE_METRICS_FOR_EMPTY_DATABASES: value,
    }
    const warnings = settingWarnings(env, 'worker')
    expect(warnings).toHaveLength(4)
    expect(warnings.join('\n').toLowerCase()).not.toContain('s3cretpw')
  })
})

describe('startupWarnings', () => {
  it('lists the variable warnings, then those of the parsed configuration', () => {
    const env = {
      REDIS_EXPORTER_SKIP_TLS_VERIFICATION: 'true',
      REDIS_EXPORTER_INCLUDE_GO_RUNTIME_METRICS: 'true',
    }
    const warnings = startupWarnings(env, 'node', parseConfig(env))
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toMatch(
      /^REDIS_EXPORTER_INCLUDE_GO_RUNTIME_METRICS is redis_exporter's setting/
    )
    expect(warnings[1]).toMatch(/^REDIS_EXPORTER_SKIP_TLS_VERIFICATION is on/)
  })
})

describe('closestName', () => {
  it.each([
    ['REDIS_EXPORTER_NAMESPASE', 'REDIS_EXPORTER_NAMESPACE'],
    ['REDIS_EXPORTER_SCRAPE_TIMOUT', 'REDIS_EXPORTER_SCRAPE_TIMEOUT'],
    ['REDIS_EXPORTER_CHECK_KEY', 'REDIS_EXPORTER_CHECK_KEYS'],
    ['REDIS_EXPORTER_X', undefined],
    ['REDIS_EXPORTER_TOTALLY_DIFFERENT_THING', undefined],
  ])('%s -> %s', (name, closest) => {
    expect(closestName(name)).toBe(closest)
  })
})

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['a', '', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['INCL', 'INCLUDE', 3],
    ['same', 'same', 0],
  ])('%j -> %j is %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d)
    expect(editDistance(b, a)).toBe(d)
  })
})
