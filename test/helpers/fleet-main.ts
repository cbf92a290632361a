// A simulated fleet in ONE process: many fake Redis servers on loopback, each on its own port,
// replaying a captured INFO text (test/fixtures/info-captures). Started by test/helpers/fleet.ts;
// prints `FLEET {"ports":[…]}` once every port listens, and runs until it is stopped.
//   argv[2]: JSON FleetSpec
import { readFileSync, readdirSync } from 'node:fs'
import type { Socket } from 'node:net'
import type { FakeAnswer, FakeCommand, FakeRespServer } from './fake-resp-server'
import { encodeReply, redisLikeHandler, startFakeRespServer } from './fake-resp-server'
import type { FleetSpec } from './fleet'

const CAPTURES = new URL('../fixtures/info-captures/', import.meta.url)

/** The standalone and primary captures (no cluster, no Sentinel: a fleet of plain servers). */
function infoTexts(): string[] {
  return readdirSync(CAPTURES)
    .filter((f) => /standalone|primary|master-replicated/.test(f) && f.endsWith('.txt'))
    .sort()
    .map((f) =>
      readFileSync(new URL(f, CAPTURES), 'utf8')
        .split(/\r?\n/)
        .filter((l) => !l.startsWith('$'))
        .join('\r\n')
    )
}

/** Answers every command after `delayMs`, in order (equal delays fire in the order they were set). */
function slow(answer: (c: FakeCommand) => FakeAnswer, delayMs: number) {
  return (command: FakeCommand, socket: Socket): FakeAnswer => {
    const reply = answer(command)
    setTimeout(() => {
      if (reply === 'close') socket.destroy()
      else if (reply !== 'hang' && !socket.destroyed) {
        socket.write(encodeReply(reply ?? { error: `ERR unknown command '${command[0]}'` }))
      }
    }, delayMs)
    return 'hang'
  }
}

async function main(spec: FleetSpec): Promise<void> {
  const texts = infoTexts()
  if (texts.length === 0) throw new Error('no INFO capture found')
  const failing = new Set(spec.failing)
  const slowSet = new Set(spec.slow)
  const servers: FakeRespServer[] = []
  for (let i = 0; i < spec.targets; i++) {
    const info = texts[i % texts.length]!
    const base = redisLikeHandler({ info })
    const handler = failing.has(i)
      ? () => 'close' as const
      : slowSet.has(i)
        ? slow(base, spec.slowMs)
        : base
    servers.push(await startFakeRespServer({ handler }))
  }
  process.stdout.write(`FLEET ${JSON.stringify({ ports: servers.map((s) => s.port) })}\n`)
  // SIGUSR2: how many connections each server has accepted and has open now.
  let asked = 0
  process.on('SIGUSR2', () => {
    const stats = {
      n: ++asked,
      accepted: servers.map((s) => s.accepted()),
      open: servers.map((s) => s.open()),
    }
    process.stdout.write(`STATS ${JSON.stringify(stats)}\n`)
  })
  const stop = () => void Promise.all(servers.map((s) => s.stop())).then(() => process.exit(0))
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

await main(JSON.parse(process.argv[2] ?? '{}') as FleetSpec)
