import { connect } from 'node:net'
import type { Socket } from 'node:net'
import { encodeCommand, RespDecoder, RespError } from '../test/helpers/resp'
import type { RespValue } from '../test/helpers/resp'

type Arg = string | number
type Cmd = readonly Arg[]

export interface DatasetInfo {
  readonly keys: number
  readonly keysPerDb: Readonly<Record<string, number>>
  /** Distinct commands in `INFO commandstats` after the fill (the exporters' pages list them). */
  readonly distinctCommands: number
  readonly streamEntries: number
  /** Size of one `INFO ALL` reply, bytes. */
  readonly infoAllBytes: number
  readonly fillSeconds: number
}

/** A raw pipelining RESP connection: writes a whole batch at once, then reads all its replies. */
class Pipe {
  readonly #decoder = new RespDecoder()
  #waiting:
    | { n: number; out: RespValue[]; resolve: (v: RespValue[]) => void; reject: (e: Error) => void }
    | undefined

  #failure: Error | undefined

  private constructor(private readonly socket: Socket) {
    socket.on('error', (err) => {
      this.#failure = err
      this.#waiting?.reject(err)
    })
    socket.on('data', (chunk: Buffer) => {
      this.#decoder.push(chunk)
      const w = this.#waiting
      if (!w) return
      for (let r = this.#decoder.next(); r !== undefined; r = this.#decoder.next()) {
        w.out.push(r.value)
        if (w.out.length === w.n) {
          this.#waiting = undefined
          w.resolve(w.out)
          return
        }
      }
    })
  }

  static open(port: number): Promise<Pipe> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host: '127.0.0.1' }, () => resolve(new Pipe(s)))
      s.once('error', reject)
    })
  }

  /** Sends the commands in one write; resolves with their replies (errors as RespError values). */
  run(cmds: readonly Cmd[]): Promise<RespValue[]> {
    if (this.#failure) return Promise.reject(this.#failure)
    return new Promise((resolve, reject) => {
      this.#waiting = { n: cmds.length, out: [], resolve, reject }
      this.socket.write(Buffer.concat(cmds.map((c) => encodeCommand(c))))
    })
  }

  close(): void {
    this.socket.destroy()
  }
}

/** One key's write command; a mix of types, one in ten with a TTL. */
function keyCommands(db: number, i: number): Cmd[] {
  const k = `bench:${db}:${i}`
  const cmds: Cmd[] = []
  switch (i % 10) {
    case 6:
      cmds.push(['HSET', k, 'name', `user${i}`, 'visits', i, 'plan', 'free', 'region', 'eu'])
      break
    case 7:
      cmds.push(['RPUSH', k, 'a', 'b', 'c', i, i + 1])
      break
    case 8:
      cmds.push(['SADD', k, 'x', 'y', 'z', i])
      break
    case 9:
      cmds.push(['ZADD', k, 1, 'one', 2, 'two', i, `m${i}`])
      break
    default:
      cmds.push(['SET', k, `value-${i}-${'x'.repeat(i % 64)}`])
  }
  if (i % 10 === 3) cmds.push(['EXPIRE', k, 3600 + (i % 600)])
  return cmds
}

/** Everyday traffic of an application: 50+ distinct commands, a few errors, one slow script. */
function activity(): Cmd[] {
  return [
    ['SELECT', 0],
    ['PING'],
    ['ECHO', 'hello'],
    ['SET', 'act:s', '10'],
    ['GET', 'act:s'],
    ['GET', 'act:missing'],
    ['INCR', 'act:s'],
    ['INCRBY', 'act:s', 5],
    ['DECR', 'act:s'],
    ['DECRBY', 'act:s', 2],
    ['INCRBYFLOAT', 'act:f', 1.5],
    ['APPEND', 'act:a', 'abc'],
    ['STRLEN', 'act:a'],
    ['GETRANGE', 'act:a', 0, 1],
    ['SETRANGE', 'act:a', 1, 'zz'],
    ['MSET', 'act:m1', 1, 'act:m2', 2],
    ['MGET', 'act:m1', 'act:m2', 'act:none'],
    ['SETNX', 'act:nx', 1],
    ['SETEX', 'act:ex', 600, 'v'],
    ['PSETEX', 'act:px', 600_000, 'v'],
    ['GETDEL', 'act:m2'],
    ['EXISTS', 'act:s', 'act:none'],
    ['TYPE', 'act:s'],
    ['EXPIRE', 'act:s', 900],
    ['PEXPIRE', 'act:s', 900_000],
    ['TTL', 'act:s'],
    ['PTTL', 'act:s'],
    ['PERSIST', 'act:s'],
    ['RENAME', 'act:m1', 'act:m3'],
    ['DEL', 'act:m3'],
    ['UNLINK', 'act:nx'],
    ['HSET', 'act:h', 'f1', 1, 'f2', 2],
    ['HGET', 'act:h', 'f1'],
    ['HMGET', 'act:h', 'f1', 'f2'],
    ['HGETALL', 'act:h'],
    ['HINCRBY', 'act:h', 'f1', 3],
    ['HKEYS', 'act:h'],
    ['HVALS', 'act:h'],
    ['HLEN', 'act:h'],
    ['HDEL', 'act:h', 'f2'],
    ['LPUSH', 'act:l', 1, 2, 3],
    ['RPUSH', 'act:l', 4],
    ['LRANGE', 'act:l', 0, -1],
    ['LLEN', 'act:l'],
    ['LINDEX', 'act:l', 0],
    ['LPOP', 'act:l'],
    ['RPOP', 'act:l'],
    ['SADD', 'act:set', 'a', 'b'],
    ['SMEMBERS', 'act:set'],
    ['SISMEMBER', 'act:set', 'a'],
    ['SCARD', 'act:set'],
    ['SINTER', 'act:set', 'act:set'],
    ['SREM', 'act:set', 'b'],
    ['ZADD', 'act:z', 1, 'a', 2, 'b'],
    ['ZRANGE', 'act:z', 0, -1],
    ['ZSCORE', 'act:z', 'a'],
    ['ZINCRBY', 'act:z', 2, 'a'],
    ['ZCARD', 'act:z'],
    ['ZRANGEBYSCORE', 'act:z', 0, 10],
    ['ZREM', 'act:z', 'b'],
    ['PFADD', 'act:hll', 'a', 'b', 'c'],
    ['PFCOUNT', 'act:hll'],
    ['SCAN', 0, 'COUNT', 100],
    ['DBSIZE'],
    ['OBJECT', 'ENCODING', 'act:h'],
    ['MEMORY', 'USAGE', 'act:h'],
    ['EVAL', "return redis.call('GET', KEYS[1])", 1, 'act:a'],
    ['SCRIPT', 'LOAD', 'return 1'],
    ['CLIENT', 'SETNAME', 'bench-app'],
    ['INCRBYFLOAT', 'act:a', 1],
    ['NOSUCHCOMMAND'],
  ]
}

/** ~15 ms of Lua CPU: a latency event (threshold 5 ms) and a slowlog entry (threshold 10 ms). */
const BUSY = `local t0 = redis.call('TIME') local s = t0[1]*1000000 + t0[2]
repeat local t = redis.call('TIME') until t[1]*1000000 + t[2] - s >= tonumber(ARGV[1]) return 1`

/**
 * Fills a Redis with `keys` keys over `dbs` databases (strings, hashes, lists, sets, sorted sets,
 * some with TTLs), a 1,000-entry stream with a consumer group, 50+ distinct commands, a couple of
 * error replies, a latency event and a slowlog entry. Pipelined: about a second for 100,000 keys.
 */
export async function fillDataset(port: number, keys: number, dbs: number): Promise<DatasetInfo> {
  const t0 = performance.now()
  const pipe = await Pipe.open(port)
  try {
    const perDb = Math.ceil(keys / dbs)
    for (let db = 0; db < dbs; db++) {
      await pipe.run([['SELECT', db]])
      for (let start = 0; start < perDb; start += 5_000) {
        const batch: Cmd[] = []
        for (let i = start; i < Math.min(perDb, start + 5_000); i++)
          batch.push(...keyCommands(db, i))
        const replies = await pipe.run(batch)
        const err = replies.find((r) => r instanceof RespError)
        if (err) throw new Error(`filling db${db} failed: ${String(err)}`)
      }
    }
    await pipe.run([['SELECT', 0]])
    const stream: Cmd[] = []
    for (let i = 0; i < 1_000; i++)
      stream.push(['XADD', 'bench:stream', '*', 'n', i, 'kind', 'event'])
    stream.push(['XGROUP', 'CREATE', 'bench:stream', 'workers', '0'])
    stream.push([
      'XREADGROUP',
      'GROUP',
      'workers',
      'w1',
      'COUNT',
      10,
      'STREAMS',
      'bench:stream',
      '>',
    ])
    stream.push(['XLEN', 'bench:stream'])
    stream.push(['XRANGE', 'bench:stream', '-', '+', 'COUNT', 5])
    stream.push(['XPENDING', 'bench:stream', 'workers'])
    await pipe.run(stream)
    await pipe.run(activity())
    await pipe.run([
      ['CONFIG', 'SET', 'latency-monitor-threshold', 5],
      ['EVAL', BUSY, 0, 15_000],
    ])
    const [stats, keyspace, info] = await pipe.run([
      ['INFO', 'commandstats'],
      ['INFO', 'keyspace'],
      ['INFO', 'ALL'],
    ])
    const keysPerDb: Record<string, number> = {}
    for (const m of String(keyspace).matchAll(/^(db\d+):keys=(\d+)/gm))
      keysPerDb[m[1]!] = Number(m[2])
    return {
      keys: Object.values(keysPerDb).reduce((a, b) => a + b, 0),
      keysPerDb,
      distinctCommands: (String(stats).match(/^cmdstat_/gm) ?? []).length,
      streamEntries: 1_000,
      infoAllBytes: Buffer.byteLength(String(info)),
      fillSeconds: (performance.now() - t0) / 1000,
    }
  } finally {
    pipe.close()
  }
}
