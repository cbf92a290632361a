import { describe, expect, it } from 'vitest'
import type { ErrorClass } from '../../../lib/capabilities/classify'
import { classifyError, isEmptyReply } from '../../../lib/capabilities/classify'

describe('classifyError', () => {
  it.each<[string, ErrorClass]>([
    // Not capability answers: plain errors stay errors, so the command is tried again.
    ['ERR value is not an integer or out of range', 'error'],
    ['ERR syntax error', 'error'],
    ['WRONGTYPE Operation against a key holding the wrong kind of value', 'error'],
    ['', 'error'],
    ['ERR unknownx command', 'error'],
    // Unknown command: Redis 7+/Valkey, 6.0-6.2 backticks, lowercase echo, <= 5, Serverless (managed-redis.md §1.10).
    ["ERR unknown command 'CONFIG', with args beginning with: 'GET' '*' ", 'unavailable'],
    ['ERR unknown command `CONFIG`, with args beginning with: `GET`, `*`, ', 'unavailable'],
    [
      'ERR unknown command `client`, with args beginning with: `SETNAME`, `bull:x`, ',
      'unavailable',
    ],
    ["ERR unknown command 'CONFIG'", 'unavailable'],
    ["ERR unknown command 'LATENCY'", 'unavailable'],
    ["ERR unknown command 'latency', with args beginning with: LATEST", 'unavailable'],
    ['err UNKNOWN COMMAND latency', 'unavailable'],
    ["-ERR unknown command 'SLOWLOG'", 'unavailable'],
    ["  ERR unknown command 'SLOWLOG'", 'unavailable'],
    // Unknown subcommand: Redis 5/6 and 7/Valkey wording.
    [
      "ERR Unknown subcommand or wrong number of arguments for 'HISTOGRAM'. Try LATENCY HELP.",
      'unavailable',
    ],
    ["ERR unknown subcommand 'HISTOGRAM'. Try LATENCY HELP.", 'unavailable'],
    ["ERR wrong number of arguments for 'config|get' command", 'unavailable'],
    // ACL denials, every generation.
    [
      "NOPERM this user has no permissions to run the 'info' command or its subcommand",
      'unavailable',
    ],
    ["NOPERM this user has no permissions to run the 'cluster|info' command", 'unavailable'],
    ["NOPERM User mini has no permissions to run the 'latency|latest' command", 'unavailable'],
    ['noperm whatever', 'unavailable'],
    // Cluster commands on a standalone node, proxies.
    ['ERR This instance has cluster support disabled', 'unavailable'],
    ["ERR unsupported command 'CONFIG'", 'unavailable'],
    ['ERR command is not allowed', 'unavailable'],
    [
      "ERR unknown command 'CONFIG': not available over the Upstash REST API (not sent)",
      'unavailable',
    ],
    // Credentials: the target is down for auth.
    ['NOAUTH Authentication required.', 'auth'],
    ['WRONGPASS invalid username-password pair or user is disabled.', 'auth'],
    ['WRONGPASS invalid password', 'auth'],
    ['ERR invalid password', 'auth'],
    ['ERR Client sent AUTH, but no password is set', 'auth'],
    [
      'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
      'auth',
    ],
    // Transient: busy, loading, failing over, timeouts and resets.
    ['LOADING Redis is loading the dataset in memory', 'transient'],
    [
      'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.',
      'transient',
    ],
    ['TRYAGAIN Multiple keys request during rehashing of slot', 'transient'],
    ['MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to no', 'transient'],
    ['CLUSTERDOWN The cluster is down', 'transient'],
    ['connect ETIMEDOUT 10.0.0.1:6379', 'transient'],
    ['read ECONNRESET', 'transient'],
    ['connect ECONNREFUSED 127.0.0.1:6379', 'transient'],
    ['Command timed out', 'transient'],
    ['scrape deadline of 1s exceeded before Redis answered', 'transient'],
    ['Connection is closed.', 'transient'],
    ['Redis closed the connection before all replies arrived', 'transient'],
    [
      'AUTH/SELECT did not complete within REDIS_EXPORTER_CONNECTION_TIMEOUT (0.3s): the server accepted the connection but did not answer AUTH/HELLO/SELECT',
      'transient',
    ],
  ])('%j is %s', (error, expected) => {
    expect(classifyError(error)).toBe(expected)
  })
})

describe('isEmptyReply', () => {
  it.each<[string, unknown, boolean]>([
    ['a number', 0, false],
    ['a non-empty array', ['maxmemory', '0'], false],
    ['INFO text with a field', '# Server\r\nredis_version:7.0.15\r\n', false],
    ['a non-empty Map', new Map([['a', 1]]), false],
    ['an object with a key', { a: 1 }, false],
    ['null', null, true],
    ['undefined', undefined, true],
    ['an empty array (Upstash CONFIG GET maxmemory)', [], true],
    ['an empty string', '', true],
    ['only a section heading (Upstash INFO of an unsupported section)', '# Commandstats\r\n', true],
    ['blank lines', '\r\n\r\n', true],
    ['an empty Map', new Map(), true],
    ['an empty object', {}, true],
    ['empty bytes', new Uint8Array(0), true],
  ])('%s -> %s', (_what, value, expected) => {
    expect(isEmptyReply(value)).toBe(expected)
  })
})
