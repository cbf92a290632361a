import { afterEach, describe, expect, it } from 'vitest'
import { encodeReply, redisLikeHandler, startFakeRespServer } from './fake-resp-server'
import type { FakeRespServer } from './fake-resp-server'
import { RespConnection } from './resp-client'
import { RespError } from './resp'

let server: FakeRespServer | undefined
afterEach(async () => {
  await server?.stop()
  server = undefined
})

describe('encodeReply', () => {
  it.each([
    [null, '$-1\r\n'],
    [7, ':7\r\n'],
    ['hé', '$3\r\nhé\r\n'],
    [{ simple: 'OK' }, '+OK\r\n'],
    [{ error: 'ERR a\nb' }, '-ERR a b\r\n'],
    [['a', 1, [null]], '*3\r\n$1\r\na\r\n:1\r\n*1\r\n$-1\r\n'],
    [{ raw: 'garbage' }, 'garbage'],
  ] as const)('encodes %j', (reply, wire) => {
    expect(encodeReply(reply).toString('utf8')).toBe(wire)
  })
})

describe('startFakeRespServer', () => {
  it('answers like Redis through the handler and records every command', async () => {
    server = await startFakeRespServer({
      handler: redisLikeHandler({
        info: '# Server\r\nredis_version:7.0.15\r\n',
        config: { databases: '16' },
      }),
    })
    const conn = await RespConnection.open({ port: server.port })
    try {
      expect(await conn.call('PING')).toBe('PONG')
      expect(await conn.call('info', 'ALL')).toContain('redis_version:7.0.15')
      expect(await conn.call('CONFIG', 'GET', 'databases')).toEqual(['databases', '16'])
      await expect(conn.call('NOPE')).rejects.toBeInstanceOf(RespError)
    } finally {
      conn.close()
    }
    expect(server.commands.map((c) => c[0])).toEqual(['PING', 'INFO', 'CONFIG', 'NOPE'])
    expect(server.accepted()).toBe(1)
    expect(server.bytesReceived()).toBeGreaterThan(0)
  })

  it('accepts and never answers when silent', async () => {
    server = await startFakeRespServer({ handler: () => 'OK', silent: true })
    await expect(
      RespConnection.open({ port: server.port, timeoutMs: 200 }).then((c) => c.call('PING'))
    ).rejects.toThrow()
    expect(server.commands).toEqual([])
  })
})
