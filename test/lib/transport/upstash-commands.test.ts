import { describe, expect, it } from 'vitest'
import { classifyError } from '../../../lib/capabilities/classify'
import {
  UPSTASH_REST_COMMANDS,
  isUpstashRestCommand,
  notSentReply,
} from '../../../lib/transport/upstash-commands'
import type { Command } from '../../../lib/types'

describe('isUpstashRestCommand', () => {
  it.each<[Command, boolean]>([
    [['INFO'], true],
    [['info', 'all'], true],
    [['PING'], true],
    [['DBSIZE'], true],
    [['CONFIG', 'GET', 'maxmemory'], false],
    [['SLOWLOG', 'LEN'], false],
    [['LATENCY', 'LATEST'], false],
    [['CLUSTER', 'INFO'], false],
    [['MEMORY', 'STATS'], false],
  ])('%j -> %s', (command, sent) => {
    expect(isUpstashRestCommand(command)).toBe(sent)
  })

  it('lists only upper-case names', () => {
    for (const name of UPSTASH_REST_COMMANDS) expect(name).toBe(name.toUpperCase())
  })
})

describe('notSentReply', () => {
  it('reads as an unknown command, so the step is left out for a while', () => {
    const reply = notSentReply(['SLOWLOG', 'LEN'])
    expect(reply).toEqual({
      ok: false,
      error: "ERR unknown command 'SLOWLOG': not available over the Upstash REST API (not sent)",
    })
    if (!reply.ok) expect(classifyError(reply.error)).toBe('unavailable')
  })
})
