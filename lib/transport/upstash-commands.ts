import type { Command, Reply } from '../types'

/**
 * The commands the Upstash REST API answers that a scrape can use (the key checks' only when they
 * are configured, within their budget). Upstash bills every command, and CONFIG GET (only `notify-keyspace-events`), SLOWLOG, LATENCY, CLUSTER INFO and MEMORY either
 * do not exist there or answer nothing useful; they are never sent.
 */
export const UPSTASH_REST_COMMANDS: ReadonlySet<string> = new Set([
  'INFO',
  'PING',
  'ECHO',
  'DBSIZE',
  'TIME',
  // Key, stream and script checks (lib/keys); SELECT and MEMORY are not offered over REST.
  'TYPE',
  'SCAN',
  'GET',
  'STRLEN',
  'PFCOUNT',
  'LLEN',
  'SCARD',
  'ZCARD',
  'HLEN',
  'XLEN',
  'XINFO',
  'EVAL',
  'EVAL_RO',
])

export function isUpstashRestCommand(command: Command): boolean {
  return UPSTASH_REST_COMMANDS.has(command[0].toUpperCase())
}

/**
 * The local answer for a command that is not sent. It reads as "unknown command", so the collector
 * leaves the step out for a while, and `redis_exporter_collector_success` shows it as unavailable.
 */
export function notSentReply(command: Command): Reply {
  return {
    ok: false,
    error: `ERR unknown command '${command[0]}': not available over the Upstash REST API (not sent)`,
  }
}
