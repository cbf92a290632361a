// @ts-check
// The osls plugin of serverless.yml. Before anything is packaged (`osls package`, `osls deploy`):
// 1. a secret in plaintext stops the package, with the reference setting to use instead: a
//    secret setting set in the deploying shell or in a function's environment, or a password
//    inside REDIS_ADDR or an entry of REDIS_EXPORTER_TARGETS (they would sit in the template and
//    the function configuration); a plain list of targets is allowed (`plaintext: allowed`);
// 2. unset variables (`${env:NAME, ''}` resolved to '') leave the functions' environment;
// 3. each function's role may read exactly the secrets its environment references
//    (`…_SSM`, `…_SECRET_ARN`, REDIS_EXPORTER_TARGETS_SECRET_ARN included; the push's
//    password_secret= / password_ssm= targets too);
// 4. the deploy settings of `custom.deploy` apply (VPC, reserved concurrency, log retention,
//    the extension layer) and, with DEPLOY_ALARMS=true, the alarms and dashboard (alarms.mjs);
// 5. the push's Scheduler schedule becomes one schedule per shard (`custom.pushShards`, from
//    REDIS_EXPORTER_PUSH_SHARDS), each Input carrying `shard` and `of`, each with a retry policy
//    that re-sends only an invocation Lambda did not accept, within the minute.
// It reads `custom.secretSettings` (generated from the settings table by `npm run docs`).
import { alarmResources } from './alarms.mjs'
import { secretStatements, targetReferences } from './secret-arns.mjs'

/** REDIS_EXPORTER_PUSH_SHARDS's bound (lib/settings/table.ts, lib/push/shards.ts MAX_SHARDS). */
const MAX_SHARDS = 100

/** Roles of the functions, as serverless.yml declares them. */
const ROLES = { scrape: 'ScrapeRole', push: 'PushRole' }

const VPC_POLICY = {
  'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
}

const blank = (/** @type {unknown} */ v) => typeof v !== 'string' || v.trim() === ''
const list = (/** @type {string} */ v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

/** A password inside a redis:// URL (user:password@ or :password@). */
const hasUrlPassword = (/** @type {string} */ v) =>
  /^[a-z]+:\/\/[^/@\s]*:[^/@\s]+@/i.test(v.trim().split('?')[0] ?? '')

export default class DeployPlugin {
  /** @param {any} serverless */
  constructor(serverless) {
    this.serverless = serverless
    this.hooks = {
      'before:package:initialize': () => this.apply(),
      'after:package:compileEvents': () => this.retryPolicies(),
    }
  }

  /** @param {string} message */
  fail(message) {
    throw new this.serverless.classes.Error(message)
  }

  apply() {
    const service = this.serverless.service
    const custom = service.custom ?? {}
    const secrets =
      /** @type {{setting: string, ssm?: string, secretArn?: string, functions: string[]}[]} */ (
        custom.secretSettings ?? []
      )
    this.refusePlaintext(service, secrets, process.env)
    for (const [name, fn] of Object.entries(service.functions ?? {})) {
      const env = fn.environment ?? {}
      for (const key of Object.keys(env)) if (env[key] === '') delete env[key]
      this.grantSecrets(service, name, env, secrets, custom.deploy ?? {})
    }
    this.applyDeploySettings(service, custom.deploy ?? {})
    this.shardSchedules(service, custom.pushShards)
    try {
      Object.assign(service.resources.Resources, alarmResources(service, custom))
    } catch (err) {
      this.fail(`${/** @type {Error} */ (err).message}.`)
    }
  }

  /**
   * @param {any} service
   * @param {{setting: string, ssm?: string, secretArn?: string, plaintext?: string}[]} secrets
   * @param {Record<string, string | undefined>} shell
   */
  refusePlaintext(service, secrets, shell) {
    const instead = (/** @type {{setting: string, ssm?: string, secretArn?: string}} */ s) =>
      s.ssm
        ? `store it in SSM Parameter Store (SecureString) or Secrets Manager and set ${s.ssm} (parameter name) or ${s.secretArn} (secret ARN or name) instead`
        : 'it cannot be given by reference on Lambda'
    for (const s of secrets) {
      // REDIS_EXPORTER_TARGETS: a plain list is fine; only its passwords are refused (below).
      if (s.plaintext === 'allowed') continue
      if (!blank(shell[s.setting])) {
        this.fail(
          `${s.setting} is set in the deploying shell: a plaintext secret would be stored in the CloudFormation template and the function configuration; unset it, ${instead(s)}.`
        )
      }
      for (const [name, fn] of Object.entries(service.functions ?? {})) {
        if (!blank(fn.environment?.[s.setting])) {
          this.fail(
            `${s.setting} is in the environment of function ${name} in plaintext; remove it from serverless.yml and ${instead(s)}.`
          )
        }
      }
    }
    const addr = [
      shell['REDIS_ADDR'],
      ...Object.values(service.functions ?? {}).map((f) => f.environment?.REDIS_ADDR),
    ]
    if (addr.some((v) => typeof v === 'string' && hasUrlPassword(v))) {
      this.fail(
        'REDIS_ADDR carries a password: a plaintext secret would be stored in the CloudFormation template; remove it from the URL and set REDIS_PASSWORD_SSM or REDIS_PASSWORD_SECRET_ARN instead.'
      )
    }
    const targets = [
      shell['REDIS_EXPORTER_TARGETS'],
      ...Object.values(service.functions ?? {}).map((f) => f.environment?.REDIS_EXPORTER_TARGETS),
    ]
    const entries = targets.flatMap((v) => (typeof v === 'string' ? v.split(/[\s,]+/) : []))
    if (entries.some(hasUrlPassword)) {
      this.fail(
        'REDIS_EXPORTER_TARGETS has an entry with a password in its URL: a plaintext secret would be stored in the CloudFormation template; remove it and add password_secret=<secret> or password_ssm=<parameter> to the entry instead.'
      )
    }
  }

  /**
   * @param {any} service
   * @param {string} name
   * @param {Record<string, string>} env
   * @param {{setting: string, ssm?: string, secretArn?: string, functions: string[]}[]} secrets
   * @param {Record<string, string>} deploy
   */
  grantSecrets(service, name, env, secrets, deploy) {
    const role = service.resources.Resources[ROLES[/** @type {'scrape'|'push'} */ (name)]]
    if (!role) return
    const refs = secrets.filter((s) => s.functions.includes(name))
    const ssm = refs.map((s) => env[s.ssm ?? '']).filter((v) => !blank(v))
    const arns = refs.map((s) => env[s.secretArn ?? '']).filter((v) => !blank(v))
    const targets = targetReferences(env['REDIS_EXPORTER_TARGETS'] ?? '')
    const statements = secretStatements(
      [...ssm, ...targets.ssm],
      [...arns, ...targets.secrets],
      deploy.secretsKmsKeyArn
    )
    if (statements.length === 0) return
    role.Properties.Policies.push({
      PolicyName: 'secrets',
      PolicyDocument: { Version: '2012-10-17', Statement: statements },
    })
    if (blank(deploy.secretsExtensionLayerArn)) {
      this.fail(
        `Function ${name} reads secrets by reference but DEPLOY_SECRETS_EXTENSION_LAYER_ARN is not set: set it to the AWS Parameters and Secrets Lambda Extension layer (arm64) of your region (docs/lambda.md).`
      )
    }
    const fn = service.functions[name]
    fn.layers = [...(fn.layers ?? []), deploy.secretsExtensionLayerArn.trim()]
  }

  /**
   * @param {any} service
   * @param {Record<string, string>} deploy
   */
  applyDeploySettings(service, deploy) {
    const subnets = list(deploy.vpcSubnetIds ?? '')
    const groups = list(deploy.vpcSecurityGroupIds ?? '')
    if (subnets.length > 0 !== groups.length > 0) {
      this.fail('DEPLOY_VPC_SUBNET_IDS and DEPLOY_VPC_SECURITY_GROUP_IDS: set both or neither.')
    }
    if (subnets.length > 0) {
      service.provider.vpc = { subnetIds: subnets, securityGroupIds: groups }
      for (const role of Object.values(ROLES)) {
        service.resources.Resources[role].Properties.ManagedPolicyArns = [VPC_POLICY]
      }
    }
    const scrape = service.functions.scrape
    if (String(deploy.scrapeReservedConcurrency).trim().toLowerCase() === 'none') {
      // Accounts whose concurrency limit is 10 cannot reserve any: no cap then.
      if (scrape) delete scrape.reservedConcurrency
    } else {
      const n = this.int('DEPLOY_SCRAPE_RESERVED_CONCURRENCY', deploy.scrapeReservedConcurrency, 1)
      if (n !== undefined && scrape) scrape.reservedConcurrency = n
    }
    const days = this.int('DEPLOY_LOG_RETENTION_DAYS', deploy.logRetentionDays, 1)
    if (days !== undefined) service.provider.logRetentionInDays = days
  }

  /**
   * One copy of the push's Scheduler schedule per shard, its Input extended by `shard` and `of`
   * (the handler collects the targets of that shard only). No runtime fan-out, no coordinator.
   * @param {any} service
   * @param {string | undefined} value
   */
  shardSchedules(service, value) {
    const of = this.int('REDIS_EXPORTER_PUSH_SHARDS', value, 1) ?? 1
    // The bound of the setting row (lib/settings/table.ts) and of the handler's check.
    if (of > MAX_SHARDS)
      this.fail(`REDIS_EXPORTER_PUSH_SHARDS: "${value}" is more than ${MAX_SHARDS}.`)
    const push = service.functions?.push
    const events = /** @type {any[]} */ (push?.events ?? [])
    const at = events.findIndex((e) => e?.schedule?.method === 'scheduler')
    if (at === -1) return
    const base = events[at].schedule
    const copies = Array.from({ length: of }, (_, shard) => ({
      schedule: { ...base, input: { ...base.input, shard, of } },
    }))
    push.events = [...events.slice(0, at), ...copies, ...events.slice(at + 1)]
  }

  /**
   * Each schedule re-sends an invocation Lambda refused (throttled, unavailable) for at most 60 s
   * (twice at most): a refused invocation never ran, so this sends nothing twice; an older one
   * would collect the shard next to the next minute's run.
   */
  retryPolicies() {
    const resources =
      this.serverless.service.provider.compiledCloudFormationTemplate?.Resources ?? {}
    for (const r of Object.values(resources)) {
      if (r.Type !== 'AWS::Scheduler::Schedule') continue
      r.Properties.Target.RetryPolicy = { MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 2 }
    }
  }

  /**
   * @param {string} name
   * @param {string | undefined} value
   * @param {number} min
   * @returns {number | undefined}
   */
  int(name, value, min) {
    if (blank(value)) return undefined
    const n = Number(String(value).trim())
    if (!Number.isInteger(n) || n < min)
      this.fail(`${name}: "${value}" is not a whole number ≥ ${min}.`)
    return n
  }
}
