import { ConfigError, TimeoutError, TransportError } from '../errors'
import { withDeadline } from '../primitives/deadline'
import { describeCredential } from './push-targets'
import type { CredentialRef, SecretResolver } from './push-targets'

/** A read that takes longer than this fails (the extension itself gives up on AWS after ~5 s). */
const DEFAULT_TIMEOUT_MS = 5000

/**
 * Reads secrets through the AWS Parameters and Secrets Lambda Extension (a Lambda layer serving
 * `http://localhost:2773`, authenticated with the function's session token). No AWS SDK needed,
 * and the extension caches values (default 300 s). The function's role needs
 * `secretsmanager:GetSecretValue` (and `kms:Decrypt` for customer keys) or `ssm:GetParameter`.
 */
export function secretsExtensionResolver(opts: {
  readonly fetch: typeof fetch
  /** The function's AWS_SESSION_TOKEN. */
  readonly sessionToken: string
  /** PARAMETERS_SECRETS_EXTENSION_HTTP_PORT; default 2773. */
  readonly port?: number
  readonly host?: string
  /** Deadline of one read (the extension answers from its cache or asks AWS once). */
  readonly timeoutMs?: number
}): SecretResolver {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const base = `http://${opts.host ?? 'localhost'}:${opts.port ?? 2773}`
  return async (ref: CredentialRef): Promise<string> => {
    if (ref.kind === 'env') throw new ConfigError('environment references are not secrets')
    const url =
      ref.kind === 'secretsmanager'
        ? `${base}/secretsmanager/get?secretId=${encodeURIComponent(ref.id)}`
        : `${base}/systemsmanager/parameters/get?name=${encodeURIComponent(ref.name)}&withDecryption=true`
    let res: Response
    try {
      res = await withDeadline(
        timeoutMs,
        () => new TimeoutError(`no answer within ${timeoutMs} ms`),
        (signal) =>
          opts.fetch(url, {
            headers: { 'X-Aws-Parameters-Secrets-Token': opts.sessionToken },
            signal,
          })
      )
    } catch (err) {
      throw new TransportError(
        `cannot reach the Parameters and Secrets extension for ${describeCredential(ref)} (is the layer added?): ${(err as Error).message}`
      )
    }
    if (!res.ok) {
      throw new TransportError(`reading ${describeCredential(ref)} failed with HTTP ${res.status}`)
    }
    const body = (await res.json()) as {
      SecretString?: unknown
      Parameter?: { Value?: unknown }
    }
    const value = ref.kind === 'secretsmanager' ? body.SecretString : body.Parameter?.Value
    if (typeof value !== 'string')
      throw new ConfigError(`${describeCredential(ref)} has no string value`)
    return value
  }
}
