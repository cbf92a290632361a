// ioredis vs the lean RESP client, in one process with alternated batches (issue 14):
//   node --import tsx bench/resp-client.ts [coldMainRoot coldLeanRoot]
// 1. CPU per pipeline (INFO ALL + LATENCY HISTOGRAM) through IoredisTransport on a warm connection
//    to a real redis-server, process.cpuUsage() per batch, median of the batches.
// 2. Decode only: the same reply bytes through ioredis's decoder (legacy mapping, then its
//    Buffer-to-string conversion) and through RespDecoder.
// 3. With two roots holding dist/lambda-scrape.mjs (e.g. built with BUILD_OUTDIR from each
//    branch): Lambda import + first scrape, alternated fresh processes, medians.
import { createRequire } from 'node:module'
import { parseConfig } from '../lib/config'
import { IoredisTransport, ioredisOptions } from '../lib/transport/ioredis'
import { RespDecoder } from '../lib/transport/resp-codec'
import type { Command } from '../lib/types'
import type { ClientKind } from '../test/helpers/redis-client'
import { newClient } from '../test/helpers/redis-client'
import { seedStandardDataset, startRedis } from '../test/helpers/redis-server'
import { lambdaColdStart } from './lambda'
import { median } from './stats'

const PIPELINE: Command[] = [
  ['INFO', 'ALL'],
  ['LATENCY', 'HISTOGRAM'],
]
const BATCH = 200
const ROUNDS = 15

const cpuUs = () => {
  const { user, system } = process.cpuUsage()
  return user + system
}

async function roundTrips(addr: string) {
  const config = parseConfig({ REDIS_ADDR: addr })
  const make = (kind: ClientKind) =>
    new IoredisTransport(() => newClient(ioredisOptions(config.target!, config), kind))
  const transports = { ioredis: make('ioredis'), lean: make('lean') }
  const perPipeline: Record<ClientKind, number[]> = { ioredis: [], lean: [] }
  const opts = () => ({ signal: AbortSignal.timeout(10_000) })
  for (const t of Object.values(transports)) await t.send(PIPELINE, opts())
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of ['ioredis', 'lean'] as const) {
      const start = cpuUs()
      for (let i = 0; i < BATCH; i++) await transports[kind].send(PIPELINE, opts())
      perPipeline[kind].push((cpuUs() - start) / BATCH)
    }
  }
  await Promise.all(Object.values(transports).map((t) => t.close()))
  return perPipeline
}

/** The raw reply bytes of PIPELINE (RESP2), captured from the lean client's socket. */
async function replyBytes(addr: string): Promise<Buffer> {
  const config = parseConfig({ REDIS_ADDR: addr })
  const client = newClient(ioredisOptions(config.target!, config), 'lean')
  await client.connect()
  const chunks: Buffer[] = []
  client.stream!.on('data', (c) => chunks.push(c as Buffer))
  await client.pipeline(PIPELINE.map((c) => ['call', ...c])).exec()
  client.disconnect()
  return Buffer.concat(chunks)
}

/** One chunk into either decoder (ioredis's `write`, ours `feed`). */
function feed(d: { write?: (c: Buffer) => void; feed?: (c: Buffer) => void }, c: Buffer): void {
  if (d.write) d.write(c)
  else d.feed?.(c)
}

function decodeOnly(bytes: Buffer) {
  const require = createRequire(import.meta.url)
  const { Decoder, RESP_TYPES: T } = require('ioredis/built/resp/decoder')
  const { convertBufferToString } = require('ioredis/built/utils')
  const legacy = { [T.SIMPLE_STRING]: Buffer, [T.BLOB_STRING]: Buffer, [T.VERBATIM_STRING]: Buffer }
  let sink: unknown
  const ioredis = new Decoder({
    getTypeMapping: () => ({
      ...legacy,
      [T.DOUBLE]: Buffer,
      [T.BOOLEAN]: Number,
      [T.MAP]: Array,
      [T.SET]: Array,
    }),
    onReply: (r: unknown) => (sink = convertBufferToString(r, 'utf8')),
    onErrorReply: () => undefined,
    onPush: () => undefined,
  })
  const lean = new RespDecoder({ reply: (r) => (sink = r), fatal: () => undefined })
  // Socket-sized chunks, as both read them.
  const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) =>
    bytes.subarray(i * 65536, (i + 1) * 65536)
  )
  const runs = { ioredis: [] as number[], lean: [] as number[] }
  const N = 500
  for (let round = 0; round < ROUNDS; round++) {
    for (const [kind, d] of [
      ['ioredis', ioredis],
      ['lean', lean],
    ] as const) {
      const start = cpuUs()
      for (let i = 0; i < N; i++) for (const c of chunks) feed(d, c)
      runs[kind].push((cpuUs() - start) / N)
    }
  }
  void sink
  return { bytes: bytes.length, ...runs }
}

async function coldStarts(mainRoot: string, leanRoot: string, addr: string) {
  const out = {
    main: [] as number[],
    lean: [] as number[],
    mainImport: [] as number[],
    leanImport: [] as number[],
  }
  for (let i = 0; i < 9; i++) {
    for (const [kind, root] of [
      ['main', mainRoot],
      ['lean', leanRoot],
    ] as const) {
      const r = await lambdaColdStart(root, addr, 1)
      if (r.error || r.totalMs === undefined) throw new Error(`${kind}: ${r.error ?? 'no result'}`)
      out[kind].push(r.totalMs)
      out[kind === 'main' ? 'mainImport' : 'leanImport'].push(r.importMs!)
    }
  }
  return out
}

const fmt = (xs: number[]) => `median ${median(xs).toFixed(1)} (min ${Math.min(...xs).toFixed(1)})`

const redis = await startRedis()
try {
  await seedStandardDataset(redis)
  const addr = `redis://127.0.0.1:${redis.port}`
  const rt = await roundTrips(addr)
  console.log(
    `round trip CPU µs/pipeline: ioredis ${fmt(rt.ioredis)}, lean ${fmt(rt.lean)}, ratio ${(median(rt.lean) / median(rt.ioredis)).toFixed(2)}`
  )
  const d = decodeOnly(await replyBytes(addr))
  console.log(
    `decode only (${d.bytes} bytes) CPU µs: ioredis ${fmt(d.ioredis)}, lean ${fmt(d.lean)}, ratio ${(median(d.lean) / median(d.ioredis)).toFixed(2)}`
  )
  const [mainRoot, leanRoot] = process.argv.slice(2)
  if (mainRoot && leanRoot) {
    const c = await coldStarts(mainRoot, leanRoot, addr)
    console.log(`Lambda import + first scrape ms: main ${fmt(c.main)}, lean ${fmt(c.lean)}`)
    console.log(`  import only ms: main ${fmt(c.mainImport)}, lean ${fmt(c.leanImport)}`)
  }
} finally {
  await redis.stop()
}
