import Ajv from 'ajv'

/** CloudWatch StandardUnit values (the EMF specification's allowed units). */
export const STANDARD_UNITS = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
]

/**
 * The structure of the CloudWatch Embedded Metric Format specification
 * (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html)
 * as a JSON schema, with the limits of the spec: at most 100 metrics per directive, 30 dimensions
 * per dimension set, name lengths, units from StandardUnit, StorageResolution 1 or 60.
 */
export const EMF_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['_aws'],
  properties: {
    _aws: {
      type: 'object',
      required: ['Timestamp', 'CloudWatchMetrics'],
      properties: {
        Timestamp: { type: 'integer', minimum: 0 },
        CloudWatchMetrics: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['Namespace', 'Dimensions', 'Metrics'],
            additionalProperties: false,
            properties: {
              Namespace: {
                type: 'string',
                minLength: 1,
                maxLength: 255,
                pattern: '^[a-zA-Z0-9 ._#:/-]+$',
              },
              Dimensions: {
                type: 'array',
                items: {
                  type: 'array',
                  maxItems: 30,
                  items: { type: 'string', minLength: 1, maxLength: 250 },
                },
              },
              Metrics: {
                type: 'array',
                minItems: 1,
                maxItems: 100,
                items: {
                  type: 'object',
                  required: ['Name'],
                  additionalProperties: false,
                  properties: {
                    Name: { type: 'string', minLength: 1, maxLength: 1024 },
                    Unit: { type: 'string', enum: STANDARD_UNITS },
                    StorageResolution: { type: 'integer', enum: [1, 60] },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const

const validate = new Ajv({ allErrors: true }).compile(EMF_SCHEMA)

/**
 * Every problem of one log line as an EMF document: the schema, plus the rules a schema cannot
 * express: the line is exactly one JSON object, every metric and dimension is a root member,
 * dimension values are strings, metric values are numbers (or arrays of at most 100 numbers).
 */
export function emfProblems(line: string): string[] {
  if (line.includes('\n')) return ['a document must be one line']
  let doc: Record<string, unknown>
  try {
    doc = JSON.parse(line) as Record<string, unknown>
  } catch {
    return ['not JSON']
  }
  const problems: string[] = []
  if (!validate(doc)) {
    for (const e of validate.errors ?? []) problems.push(`${e.dataPath} ${e.message}`)
    return problems
  }
  const aws = doc['_aws'] as {
    CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[]
  }
  for (const directive of aws.CloudWatchMetrics) {
    for (const set of directive.Dimensions) {
      for (const key of set) {
        if (typeof doc[key] !== 'string')
          problems.push(`dimension ${key} is not a string root member`)
      }
    }
    for (const { Name } of directive.Metrics) {
      const v = doc[Name]
      const ok =
        (typeof v === 'number' && Number.isFinite(v)) ||
        (Array.isArray(v) && v.length <= 100 && v.every((x) => typeof x === 'number'))
      if (!ok) problems.push(`metric ${Name} has no numeric root member`)
    }
  }
  return problems
}
