/**
 * The reply fuzzer: real INFO / CLUSTER INFO / CONFIG GET / LATENCY / SLOWLOG replies (the
 * captures in test/fixtures), mutated from a seed, go through collect (over a fake transport),
 * buildFamilies and renderPrometheus (and buildPage, which must write the same page). Every page
 * must parse, hold no series twice, stay within the page caps in force and carry the
 * self-metrics. Used by test/lib/fuzz.test.ts and
 * `npm run fuzz` (scripts/fuzz.ts).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { MAX_ERROR_TEXT, MAX_LABEL_VALUE } from '../../lib/bounds'
import { collect } from '../../lib/collect/collect'
import { newTargetState } from '../../lib/collect/target-state'
import { buildFamilies, buildPage } from '../../lib/metrics/build'
import type { PageLimits } from '../../lib/metrics/family-set'
import { PAGE_LIMITS } from '../../lib/metrics/family-set'
import { renderPrometheus } from '../../lib/render/prometheus'
import type { Reply } from '../../lib/types'
import { parsePromText } from './prom-text'
import { FakeRedis } from './fake-redis'
import type { Rng } from './fuzz-mutate'
import { NUMBERS, int, junk, mutateText, mutateValue, pick, rng } from './fuzz-mutate'

export interface FuzzFailure {
  readonly iteration: number
  readonly mutations: readonly string[]
  readonly problem: string
}

export interface FuzzSummary {
  readonly iterations: number
  readonly seed: number
  readonly failures: readonly FuzzFailure[]
  /** Mutated replies the collector received (each iteration mutates several, or none). */
  readonly mutatedReplies: number
  readonly maxPageBytes: number
  readonly maxSamples: number
  /** Pages on which the caps left samples out, and on which repeated series were dropped. */
  readonly truncatedPages: number
  readonly duplicatePages: number
  /** Pages with redis_up 0 (INFO refused, unreadable or of the wrong type). */
  readonly downPages: number
  readonly ms: number
}

interface Corpus {
  readonly info: readonly string[]
  readonly clusterInfo: readonly string[]
  /** Decoded replies per command (FakeRedis's key), each a list of real captures. */
  readonly json: Readonly<Record<string, readonly unknown[]>>
  /** `client-output-buffer-limit` as CONFIG GET answers it. */
  readonly cobl: string
}

const CAPTURES = new URL('../fixtures/info-captures/', import.meta.url)
const PARSE = new URL('../fixtures/parse/', import.meta.url)

function loadCorpus(): Corpus {
  const text = (dir: URL, name: string) => readFileSync(new URL(name, dir), 'utf8')
  const captures = readdirSync(CAPTURES).filter((f) => f.endsWith('.txt'))
  const parse = readdirSync(PARSE)
  const json = (name: string): unknown => JSON.parse(text(PARSE, name))
  return {
    info: [
      ...captures.filter((f) => !f.includes('cluster-info')).map((f) => text(CAPTURES, f)),
      ...parse.filter((f) => f.startsWith('info-')).map((f) => text(PARSE, f)),
    ],
    clusterInfo: [
      ...captures.filter((f) => f.includes('cluster-info')).map((f) => text(CAPTURES, f)),
      text(PARSE, 'cluster-info-redis-7.0.txt'),
    ],
    json: {
      'LATENCY LATEST': [json('latency-latest-redis-7.0.json')],
      'LATENCY HISTOGRAM': [json('latency-histogram-redis-7.0.json')],
      'SLOWLOG LEN': [json('slowlog-len-redis-7.0.json')],
      'SLOWLOG GET': [
        json('slowlog-get-1-redis-7.0.json'),
        json('slowlog-get-1-empty-redis-7.0.json'),
      ],
    },
    cobl: String((json('config-get-client-output-buffer-limit-redis-7.0.json') as unknown[])[1]),
  }
}

const DATABASES = ['16', '4', '1', '0', '-1', '256', '257', '100000', '1e9', 'abc', '']

/** The replies of one iteration, keyed as FakeRedis looks them up, and what was mutated. */
function replies(r: Rng, corpus: Corpus) {
  const applied: string[] = []
  /** FakeRedis keys whose reply was mutated. */
  const mutated = new Set<string>()
  const note = (what: string, names: readonly string[]) => {
    mutated.add(what)
    applied.push(...names.map((a) => `${what}:${a}`))
  }
  const text = (base: string, what: string): string => {
    if (r() < 0.4) return base
    const m = mutateText(base, r)
    note(what, m.applied)
    return m.text
  }
  const value = (base: unknown, what: string): unknown => {
    if (r() < 0.7) return base
    const m = mutateValue(base, r)
    note(what, m.applied)
    return m.value
  }
  let info: unknown = text(pick(r, corpus.info), 'INFO ALL')
  if (r() < 0.3) info = `${String(info)}\r\ncluster_enabled:1\r\n`
  if (r() < 0.02) {
    info = mutateValue(info, r).value
    note('INFO ALL', ['wrongType'])
  }
  const config = [
    ...['maxmemory', r() < 0.2 ? pick(r, NUMBERS) : '0', 'maxclients', '10000'],
    ...['io-threads', '1', 'repl-backlog-size', '1048576'],
    ...['client-output-buffer-limit', r() < 0.2 ? junk(r, 40) : corpus.cobl],
    ...['databases', pick(r, DATABASES)],
  ]
  const out: Record<string, Reply> = {
    'INFO ALL': { ok: true, value: info },
    INFO: { ok: true, value: info },
    'CLUSTER INFO': { ok: true, value: text(pick(r, corpus.clusterInfo), 'CLUSTER INFO') },
    'CONFIG GET': { ok: true, value: value(config, 'CONFIG GET') },
    'CLIENT SETNAME': { ok: true, value: 'OK' },
  }
  for (const key of ['LATENCY LATEST', 'LATENCY HISTOGRAM', 'SLOWLOG LEN', 'SLOWLOG GET']) {
    out[key] = { ok: true, value: value(pick(r, corpus.json[key] ?? []), key) }
  }
  if (r() < 0.03) {
    // Both INFO ALL and the plain INFO fallback refused: the page is down, with that error.
    out['INFO ALL'] = out['INFO'] = {
      ok: false,
      error: `ERR ${junk(r, 20)}${'e'.repeat(int(r, 200_000))}`,
    }
    note('INFO ALL', ['refused'])
  }
  for (const key of Object.keys(out)) {
    if (r() < 0.03) {
      out[key] = { ok: false, error: `ERR ${junk(r, 20)}${'e'.repeat(int(r, 100_000))}` }
      note(key, ['error'])
    }
  }
  return { replies: out, applied, mutated }
}

const NOW_MS = 1_795_319_047_000
const SELF = { durationSeconds: 0.01, scrapesTotal: 1, scrapeDurationSum: 0.01 }

/** One scrape through the real collector, builder and renderer. */
async function scrape(transport: FakeRedis, r: Rng, limits: PageLimits) {
  const state = newTargetState()
  const opts = {
    signal: new AbortController().signal,
    now: () => NOW_MS,
    excludeLatency: false,
    configCommand: 'CONFIG',
    configRefreshSeconds: 300,
  }
  let snapshot = await collect(transport, state, opts)
  // A second scrape on the same state takes the warm path (facts known, CONFIG cached).
  if (r() < 0.1) snapshot = await collect(transport, state, opts)
  const build = {
    namespace: 'redis',
    includeSystemMetrics: r() < 0.5,
    includeMetricsForEmptyDatabases: r() < 0.8,
    nowSeconds: NOW_MS / 1000,
    limits,
  }
  const families = buildFamilies(snapshot, SELF, build)
  // The one-pass page (what /metrics answers) must be the rendered families, byte for byte.
  return { families, page: renderPrometheus(families), text: buildPage(snapshot, SELF, build) }
}

/** What the fuzzer reads of a page: what is wrong with it, if anything, and three self-metrics. */
export interface PageCheck {
  readonly problem?: string
  readonly up?: number
  readonly truncated?: number
  readonly duplicates?: number
}

/** Checks a rendered page against the caps in force (it must parse: parsePromText throws if not). */
export function checkPage(page: string, limits: PageLimits): PageCheck {
  const bytes = Buffer.byteLength(page)
  if (bytes > limits.bytes) return { problem: `page of ${bytes} bytes, over ${limits.bytes}` }
  const families = parsePromText(page)
  let samples = 0
  for (const family of families.values()) {
    const series = new Set<string>()
    const maxLabel =
      family.name === 'redis_exporter_last_scrape_error' ? MAX_ERROR_TEXT : MAX_LABEL_VALUE
    for (const s of family.samples) {
      samples += 1
      let key = s.name
      for (const k in s.labels) {
        const v = s.labels[k]!
        if (v.length > maxLabel) return { problem: `label ${k} of ${v.length} chars on ${s.name}` }
        key += `\u0000${k}\u0000${v.length}\u0000${v}`
      }
      if (series.has(key)) return { problem: `series ${key.slice(0, 200)} twice` }
      series.add(key)
    }
  }
  if (samples > limits.samples) return { problem: `${samples} samples, over ${limits.samples}` }
  const one = (name: string) => {
    const found = families.get(`redis_${name}`)?.samples
    return found?.length === 1 ? found[0]!.value : undefined
  }
  const check = {
    up: one('up'),
    truncated: one('exporter_last_scrape_truncated_samples'),
    duplicates: one('exporter_last_scrape_duplicate_samples'),
  }
  const missing = Object.entries(check).find(([, v]) => v === undefined)
  return missing ? { problem: `no single sample of ${missing[0]}` } : check
}

/** Runs `iterations` mutated scrapes from `seed`; iteration i uses its own generator. */
export async function runFuzz(opts: {
  iterations: number
  seed: number
  from?: number
}): Promise<FuzzSummary> {
  const corpus = loadCorpus()
  const started = performance.now()
  const failures: FuzzFailure[] = []
  const t = { maxPageBytes: 0, maxSamples: 0, truncated: 0, duplicates: 0, down: 0, mutated: 0 }
  const from = opts.from ?? 0
  for (let iteration = from; iteration < from + opts.iterations; iteration++) {
    const r = rng(Math.imul(opts.seed, 0x9e3779b1) ^ iteration)
    const { replies: table, applied, mutated } = replies(r, corpus)
    const limits =
      r() < 0.5 ? { samples: 20 + int(r, 1_000), bytes: 2_048 + int(r, 50_000) } : PAGE_LIMITS
    const transport = new FakeRedis(table)
    let check: PageCheck
    try {
      const { families, page, text } = await scrape(transport, r, limits)
      check = text === page ? checkPage(page, limits) : { problem: 'buildPage differs' }
      t.maxPageBytes = Math.max(t.maxPageBytes, Buffer.byteLength(page))
      t.maxSamples = Math.max(
        t.maxSamples,
        families.reduce((n, f) => n + f.samples.length, 0)
      )
    } catch (err) {
      check = {
        problem: `threw ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      }
    }
    if (check.problem !== undefined)
      failures.push({ iteration, mutations: applied, problem: check.problem })
    if ((check.truncated ?? 0) > 0) t.truncated += 1
    if ((check.duplicates ?? 0) > 0) t.duplicates += 1
    if (check.up === 0) t.down += 1
    t.mutated += receivedMutations(transport, mutated)
  }
  return {
    iterations: opts.iterations,
    seed: opts.seed,
    failures,
    mutatedReplies: t.mutated,
    maxPageBytes: t.maxPageBytes,
    maxSamples: t.maxSamples,
    truncatedPages: t.truncated,
    duplicatePages: t.duplicates,
    downPages: t.down,
    ms: Math.round(performance.now() - started),
  }
}

/** How many of the mutated replies the collector asked for (CLUSTER INFO only in cluster mode...). */
function receivedMutations(transport: FakeRedis, mutated: ReadonlySet<string>): number {
  const asked = new Set<string>()
  for (const round of transport.rounds) {
    for (const text of round) {
      const c = text.split(' ')
      const key = `${c[0]} ${c[1] ?? ''}`.trim().toUpperCase()
      asked.add(transport.replies.has(key) ? key : (c[0] ?? '').toUpperCase())
    }
  }
  let n = 0
  for (const key of mutated) if (asked.has(key)) n += 1
  return n
}
