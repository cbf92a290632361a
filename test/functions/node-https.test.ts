// HTTPS on the Node server (REDIS_EXPORTER_TLS_SERVER_*), on the built bundle, with a test CA.
import { execFile } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:https'
import type { RequestOptions } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { PeerCertificate, TLSSocket } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildNodeBundle } from '../helpers/exporter-process'
import { freePort } from '../helpers/free-port'
import type { RedisServer } from '../helpers/redis-server'
import { startRedis } from '../helpers/redis-server'
import type { Spawned } from '../helpers/spawned'
import { spawnTracked } from '../helpers/spawned'
import type { TestPki } from '../helpers/tls-certs'
import { createTestPki, opensslBinary } from '../helpers/tls-certs'

const BASE_ENV = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' }

type Answer = { status: number; body: string; cert: PeerCertificate }

/** One GET over a fresh TLS connection to 127.0.0.1:port, verified as `localhost`. */
function get(port: number, path: string, tls: RequestOptions): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        servername: 'localhost',
        agent: false,
        timeout: 5000,
        ...tls,
      },
      (res) => {
        const cert = (res.socket as TLSSocket).getPeerCertificate()
        let body = ''
        res.on('data', (d: Buffer) => (body += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cert }))
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.end()
  })
}

describe.skipIf(!opensslBinary())('HTTPS on the Node server', () => {
  let tmp: string
  let bundle: string
  let pki: TestPki
  let other: TestPki
  let redis: RedisServer
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'node-https-'))
    pki = createTestPki()
    other = createTestPki()
    ;[bundle, redis] = await Promise.all([buildNodeBundle(join(tmp, 'dist')), startRedis()])
  }, 60_000)
  afterAll(async () => {
    await redis?.stop()
    pki?.cleanup()
    other?.cleanup()
    rmSync(tmp, { recursive: true, force: true })
  })

  /** Starts the bundle with `env` and waits until /health answers over TLS with `tls`. */
  async function start(
    env: Record<string, string>,
    tls: RequestOptions
  ): Promise<[Spawned, number]> {
    const port = await freePort()
    const proc = spawnTracked(process.execPath, [bundle], {
      env: {
        ...BASE_ENV,
        REDIS_ADDR: redis.url,
        REDIS_EXPORTER_WEB_LISTEN_ADDRESS: `127.0.0.1:${port}`,
        ...env,
      },
      group: true,
    })
    for (let i = 0; i < 100 && !proc.hasExited(); i++) {
      const ok = await get(port, '/health', tls).then(
        (a) => a.status === 200,
        () => false
      )
      if (ok) return [proc, port]
      await sleep(100)
    }
    await proc.stop()
    throw new Error(`no HTTPS /health: ${proc.logs()}`)
  }

  const serverFiles = () => ({
    REDIS_EXPORTER_TLS_SERVER_CERT_FILE: pki.server.certFile,
    REDIS_EXPORTER_TLS_SERVER_KEY_FILE: pki.server.keyFile,
  })

  it('serves /metrics over HTTPS with the configured certificate, and no plain HTTP', async () => {
    const [proc, port] = await start(serverFiles(), { ca: pki.ca.cert })
    try {
      const a = await get(port, '/metrics', { ca: pki.ca.cert })
      expect(a.status).toBe(200)
      expect(a.body).toContain('\nredis_up 1\n')
      expect(a.cert.subject.CN).toBe('redis.test')
      await expect(get(port, '/health', { ca: other.ca.cert })).rejects.toThrow(
        /self-signed|unable to verify|certificate/i
      )
      const plain = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.status,
        () => 0
      )
      expect(plain).not.toBe(200)
      expect(proc.logs()).toContain('"scheme":"https"')
    } finally {
      expect(await proc.stop()).toBe(0)
    }
  })

  it('requires a client certificate signed by REDIS_EXPORTER_TLS_SERVER_CA_CERT_FILE', async () => {
    const client = { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key }
    const [proc, port] = await start(
      { ...serverFiles(), REDIS_EXPORTER_TLS_SERVER_CA_CERT_FILE: pki.ca.certFile },
      client
    )
    try {
      expect((await get(port, '/metrics', client)).status).toBe(200)
      await expect(get(port, '/health', { ca: pki.ca.cert })).rejects.toThrow()
      // A certificate from another CA is refused too.
      await expect(
        get(port, '/health', { ca: pki.ca.cert, cert: other.client.cert, key: other.client.key })
      ).rejects.toThrow()
    } finally {
      await proc.stop()
    }
  })

  it.each<[string, 'TLSv1.2' | 'TLSv1.3', boolean]>([
    ['TLS1.3', 'TLSv1.2', false],
    ['TLS1.3', 'TLSv1.3', true],
    ['TLS1.2', 'TLSv1.2', true],
  ])(
    'REDIS_EXPORTER_TLS_SERVER_MIN_VERSION=%s: a %s client is accepted: %s',
    async (min, max, ok) => {
      const [proc, port] = await start(
        { ...serverFiles(), REDIS_EXPORTER_TLS_SERVER_MIN_VERSION: min },
        { ca: pki.ca.cert }
      )
      try {
        const answer = get(port, '/health', {
          ca: pki.ca.cert,
          minVersion: 'TLSv1.2',
          maxVersion: max,
        })
        if (ok) expect((await answer).status).toBe(200)
        else await expect(answer).rejects.toThrow(/version|alert|handshake/i)
      } finally {
        await proc.stop()
      }
    }
  )

  it('uses a renewed certificate without a restart', async () => {
    const dir = mkdtempSync(join(tmp, 'renew-'))
    const cert = join(dir, 'tls.crt')
    const key = join(dir, 'tls.key')
    copyFileSync(pki.server.certFile, cert)
    copyFileSync(pki.server.keyFile, key)
    const trustBoth = { ca: [pki.ca.cert, other.ca.cert] }
    const [proc, port] = await start(
      { REDIS_EXPORTER_TLS_SERVER_CERT_FILE: cert, REDIS_EXPORTER_TLS_SERVER_KEY_FILE: key },
      trustBoth
    )
    try {
      const before = (await get(port, '/health', trustBoth)).cert.fingerprint256
      copyFileSync(other.server.keyFile, key)
      copyFileSync(other.server.certFile, cert)
      let after = before
      for (let i = 0; i < 40 && after === before; i++) {
        await sleep(150)
        after = (await get(port, '/health', trustBoth)).cert.fingerprint256
      }
      expect(after).not.toBe(before)
      expect((await get(port, '/health', { ca: other.ca.cert })).status).toBe(200)
      expect(proc.logs()).toContain('HTTPS certificate reloaded')
    } finally {
      await proc.stop()
    }
  })

  it.each<[string, () => Record<string, string>, string]>([
    [
      'a certificate without its key',
      () => ({ REDIS_EXPORTER_TLS_SERVER_CERT_FILE: pki.server.certFile }),
      'REDIS_EXPORTER_TLS_SERVER_KEY_FILE: must be set for HTTPS',
    ],
    [
      'a key that does not match the certificate',
      () => ({ ...serverFiles(), REDIS_EXPORTER_TLS_SERVER_KEY_FILE: other.server.keyFile }),
      'REDIS_EXPORTER_TLS_SERVER_CERT_FILE, REDIS_EXPORTER_TLS_SERVER_KEY_FILE: not a usable certificate and key',
    ],
    [
      'a missing file',
      () => ({ ...serverFiles(), REDIS_EXPORTER_TLS_SERVER_CERT_FILE: '/nonexistent.pem' }),
      'REDIS_EXPORTER_TLS_SERVER_CERT_FILE: cannot read /nonexistent.pem (ENOENT)',
    ],
    [
      'an unknown minimum version',
      () => ({ ...serverFiles(), REDIS_EXPORTER_TLS_SERVER_MIN_VERSION: 'SSL3' }),
      'REDIS_EXPORTER_TLS_SERVER_MIN_VERSION: "SSL3" is not a TLS version',
    ],
  ])('refuses to start with %s, naming the setting (exit 2)', async (_what, env, message) => {
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [bundle],
        { env: { ...BASE_ENV, REDIS_ADDR: redis.url, ...env() }, timeout: 15_000 },
        (err, _stdout, stderr) =>
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stderr })
      )
    )
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`redis-exporter: configuration error: ${message}`)
    expect(r.stderr).not.toContain('PRIVATE KEY')
  })
})
