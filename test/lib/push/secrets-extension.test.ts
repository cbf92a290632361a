import { createServer } from 'node:http'
import type { Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { secretsExtensionResolver } from '../../../lib/push/secrets-extension'
import { freePort } from '../../helpers/free-port'

const TOKEN = 'session-token-abc'

/** The AWS Parameters and Secrets Lambda Extension's HTTP interface, on a local port. */
describe('secretsExtensionResolver', () => {
  let server: Server
  let port: number
  const seen: { url: string; token: string | undefined }[] = []
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({
        url: req.url ?? '',
        token: req.headers['x-aws-parameters-secrets-token'] as string,
      })
      if (req.headers['x-aws-parameters-secrets-token'] !== TOKEN) {
        res.writeHead(401).end('unauthorized')
        return
      }
      const url = new URL(req.url ?? '/', 'http://x')
      if (
        url.pathname === '/secretsmanager/get' &&
        url.searchParams.get('secretId') === 'redis/a'
      ) {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ Name: 'redis/a', SecretString: '{"password":"pw-a"}' }))
        return
      }
      if (
        url.pathname === '/systemsmanager/parameters/get' &&
        url.searchParams.get('name') === '/redis/b' &&
        url.searchParams.get('withDecryption') === 'true'
      ) {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(
          JSON.stringify({ Parameter: { Name: '/redis/b', Type: 'SecureString', Value: 'pw-b' } })
        )
        return
      }
      res.writeHead(400).end('not found')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
    port = (server.address() as { port: number }).port
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  const resolver = (token = TOKEN, p?: number) =>
    secretsExtensionResolver({ fetch, sessionToken: token, port: p ?? port, host: '127.0.0.1' })

  it('reads a Secrets Manager secret and an SSM parameter with the session token', async () => {
    expect(await resolver()({ kind: 'secretsmanager', id: 'redis/a' })).toBe('{"password":"pw-a"}')
    expect(await resolver()({ kind: 'ssm', name: '/redis/b' })).toBe('pw-b')
    expect(seen.slice(-2).map((s) => s.token)).toEqual([TOKEN, TOKEN])
  })

  it.each([
    [
      { kind: 'secretsmanager', id: 'redis/missing' },
      TOKEN,
      'reading secret redis/missing failed with HTTP 400',
    ],
    [
      { kind: 'ssm', name: '/redis/b' },
      'wrong',
      'reading SSM parameter /redis/b failed with HTTP 401',
    ],
  ] as const)('fails on %j with a reason', async (ref, token, message) => {
    await expect(resolver(token)(ref)).rejects.toThrow(message)
  })

  it('says when the extension is not there', async () => {
    const closed = await freePort()
    await expect(
      resolver(TOKEN, closed)({ kind: 'secretsmanager', id: 'redis/a' })
    ).rejects.toThrow(
      /cannot reach the Parameters and Secrets extension for secret redis\/a \(is the layer added\?\)/
    )
  })
})
