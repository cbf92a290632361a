import { createServer } from 'node:http'

/**
 * A local HTTP server speaking the AWS Parameters and Secrets Lambda Extension's protocol:
 * `GET /secretsmanager/get?secretId=` answers `{SecretString}`, `GET
 * /systemsmanager/parameters/get?name=&withDecryption=true` answers `{Parameter:{Value}}`, both
 * only with the `X-Aws-Parameters-Secrets-Token` header equal to `token`; unknown names get 400
 * (the extension's answer for a missing secret or a refused read). `values` may change between
 * reads (rotation); `requests` counts what was asked.
 */
export interface SecretsExtensionServer {
  readonly port: number
  readonly token: string
  readonly secrets: Map<string, string>
  readonly parameters: Map<string, string>
  readonly requests: string[]
  close(): Promise<void>
}

export async function startSecretsExtension(token: string): Promise<SecretsExtensionServer> {
  const secrets = new Map<string, string>()
  const parameters = new Map<string, string>()
  const requests: string[] = []
  const server = createServer((req, res) => {
    requests.push(req.url ?? '')
    if (req.headers['x-aws-parameters-secrets-token'] !== token) {
      res.writeHead(401).end('unauthorized')
      return
    }
    const url = new URL(req.url ?? '/', 'http://localhost')
    const json = (body: unknown) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    const id = url.searchParams.get('secretId') ?? ''
    const name = url.searchParams.get('name') ?? ''
    if (url.pathname === '/secretsmanager/get' && secrets.has(id)) {
      json({ ARN: id, Name: id, SecretString: secrets.get(id) })
    } else if (
      url.pathname === '/systemsmanager/parameters/get' &&
      url.searchParams.get('withDecryption') === 'true' &&
      parameters.has(name)
    ) {
      json({ Parameter: { Name: name, Type: 'SecureString', Value: parameters.get(name) } })
    } else {
      res.writeHead(400).end('ResourceNotFoundException')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const port = (server.address() as { port: number }).port
  return {
    port,
    token,
    secrets,
    parameters,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
