// @ts-check
// IAM statements that let a function read exactly the secrets it references, and nothing else.

/**
 * The password_ssm= / password_secret= references of REDIS_EXPORTER_TARGETS (entries separated
 * by commas or whitespace, as the push parses them).
 * @param {string} raw
 * @returns {{ ssm: string[], secrets: string[] }}
 */
export function targetReferences(raw) {
  const ssm = []
  const secrets = []
  for (const entry of raw.split(/[\s,]+/).filter(Boolean)) {
    const q = entry.indexOf('?')
    if (q === -1) continue
    const params = new URLSearchParams(entry.slice(q + 1))
    for (const v of params.getAll('password_ssm')) ssm.push(v)
    for (const v of params.getAll('password_secret')) secrets.push(v)
  }
  return { ssm, secrets }
}

/**
 * The ARN of an SSM parameter given by name (`/redis/pw` or `redis/pw`) or ARN.
 * @param {string} name
 */
export function parameterArn(name) {
  if (name.startsWith('arn:')) return name
  return {
    'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/${name.replace(/^\//, '')}`,
  }
}

/**
 * The ARNs a Secrets Manager reference may resolve to. A full ARN ends in `-` and six random
 * characters, which a name or a partial ARN lacks, hence the `-??????` pattern next to it.
 * @param {string} id
 */
export function secretArns(id) {
  if (id.startsWith('arn:')) return [id, `${id}-??????`]
  return [
    {
      'Fn::Sub': `arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:${id}-??????`,
    },
  ]
}

/**
 * @param {string[]} ssm parameter names or ARNs
 * @param {string[]} secrets secret names or ARNs
 * @param {string | undefined} kmsKeyArn a customer managed key that encrypts them
 * @returns {object[]}
 */
export function secretStatements(ssm, secrets, kmsKeyArn) {
  const out = []
  if (ssm.length > 0) {
    out.push({
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: [...new Set(ssm)].map(parameterArn),
    })
  }
  if (secrets.length > 0) {
    out.push({
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: [...new Set(secrets)].flatMap(secretArns),
    })
  }
  if (out.length > 0 && kmsKeyArn && kmsKeyArn.trim() !== '') {
    out.push({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: kmsKeyArn.trim() })
  }
  return out
}
