import { describe, expect, it } from 'vitest'
import { RequestError } from '../../lib/errors'
import { parseTarget } from '../../lib/target'

describe('parseTarget', () => {
  it.each([
    ['', 'target is empty'],
    ['   ', 'target is empty'],
    ['http://host:6379', 'unsupported scheme "http://"'],
    ['unix:///tmp/redis.sock', 'unsupported scheme "unix://"'],
    ['redis://host:99999', 'not a valid URL'],
    ['redis://host:0', 'port must be between 1 and 65535'],
    ['redis://', 'no host'],
    ['redis://host:6379/abc', 'database number'],
    ['redis://host:6379/0?x=1', 'query string'],
    ['redis://ho st:6379', 'whitespace'],
    ['redis://host\n:6379', 'whitespace'],
    ['redis://h%00st:6379', 'not a valid'],
    ['redis://' + 'a'.repeat(600), 'longer than 512'],
  ])('rejects %j with a one-line reason', (input, reason) => {
    expect(() => parseTarget(input)).toThrow(RequestError)
    expect(() => parseTarget(input)).toThrow(reason)
  })

  it.each([
    ['localhost:6379', { id: 'localhost:6379', tls: false, db: 0, uri: 'redis://localhost:6379' }],
    ['localhost', { id: 'localhost:6379', port: 6379, uri: 'redis://localhost:6379' }],
    ['redis://10.0.0.1:6380', { host: '10.0.0.1', port: 6380, tls: false }],
    ['rediss://cache.example.com:6380', { tls: true, uri: 'rediss://cache.example.com:6380' }],
    ['valkey://h:1', { tls: false, uri: 'redis://h:1' }],
    ['valkeys://h:1', { tls: true, uri: 'rediss://h:1' }],
    ['REDIS://H:1', { host: 'h', tls: false }],
    ['redis://h:1/3', { db: 3, uri: 'redis://h:1/3' }],
    ['redis://[::1]:6379', { host: '[::1]', id: '[::1]:6379' }],
    ['redis://user:p%40ss@h:1', { username: 'user', password: 'p@ss', uri: 'redis://user@h:1' }],
    ['redis://:secret@h:1', { password: 'secret', uri: 'redis://h:1' }],
    ['redis://secret@h:1', { password: 'secret', uri: 'redis://h:1' }],
    ['redis://secret@secret:1', { password: 'secret', host: 'secret' }],
  ])('parses %j', (input, expected) => {
    const t = parseTarget(input)
    expect(t).toMatchObject(expected)
  })

  it('never puts the password in the printable uri or id', () => {
    const t = parseTarget('rediss://admin:hunter2@h:6380/1')
    expect(t.uri).toBe('rediss://admin@h:6380/1')
    expect(JSON.stringify({ uri: t.uri, id: t.id })).not.toContain('hunter2')
  })
})
