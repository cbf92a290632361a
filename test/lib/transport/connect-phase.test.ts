import { describe, expect, it } from 'vitest'
import type { ConnectPhase, PhaseSource } from '../../../lib/transport/connect-phase'
import {
  connectPhase,
  connectTimeoutMessage,
  deadlineWhileConnecting,
} from '../../../lib/transport/connect-phase'

describe('connectPhase', () => {
  it.each<[string, PhaseSource, string]>([
    ['no socket yet (DNS)', { status: 'connecting' }, 'tcp'],
    [
      'a TCP socket still connecting',
      { status: 'connecting', stream: { connecting: true } },
      'tcp',
    ],
    [
      'a TLS socket whose TCP connect is still pending',
      { status: 'connecting', stream: { connecting: true, encrypted: true } },
      'tcp',
    ],
    [
      'a TLS socket connected, handshake pending',
      { status: 'connecting', stream: { connecting: false, encrypted: true } },
      'tls',
    ],
    ['TCP (and TLS) up, AUTH/SELECT sent', { status: 'connect', stream: {} }, 'handshake'],
  ])('%s is %s', (_what, client, phase) => {
    expect(connectPhase(client)).toBe(phase)
  })
})

describe('the messages', () => {
  it.each<[ConnectPhase, string, RegExp]>([
    ['tcp', 'TCP connect', /firewall or security group/],
    ['tls', 'TLS handshake', /use redis:\/\/ instead of rediss:\/\//],
    ['handshake', 'AUTH/SELECT', /did not answer AUTH\/HELLO\/SELECT/],
  ])('%s: names the phase, the setting and what to check', (phase, name, hint) => {
    const timeout = connectTimeoutMessage(phase, 2500)
    expect(timeout).toMatch(
      new RegExp(`^${name} did not complete within REDIS_EXPORTER_CONNECTION_TIMEOUT \\(2.5s\\): `)
    )
    expect(timeout).toMatch(hint)
    const deadline = deadlineWhileConnecting('scrape deadline of 1s exceeded', phase)
    expect(deadline).toMatch(
      new RegExp(`^scrape deadline of 1s exceeded, while connecting \\(${name} did not complete: `)
    )
    expect(deadline).toMatch(hint)
  })
})
