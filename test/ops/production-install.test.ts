import { execFile, spawnSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from 'node:fs'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Stage } from '../helpers/dockerfile'
import { inBuildContext, parseDockerfile } from '../helpers/dockerfile'
import type { ExporterProcess } from '../helpers/exporter-process'
import { buildNodeBundle, startExporterProcess } from '../helpers/exporter-process'
import type { RedisServer } from '../helpers/redis-server'
import { redisServerBinary, startRedis } from '../helpers/redis-server'

/**
 * The production image without Docker: the runtime stage of ./Dockerfile, read from the file and
 * done by hand in an empty folder (the same files copied, CMD run with the stage's ENV as its
 * USER, the HEALTHCHECK command run), plus the npm path (`npm ci --omit=dev && npm start`).
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
const DOCKERIGNORE = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
const stages = parseDockerfile(DOCKERFILE)
const buildStage = stages.find((s) => s.name === 'build')!
const runtime = stages.at(-1)!

const exec = (cmd: string, args: string[], cwd: string, timeoutMs: number) =>
  new Promise<{ code: number | null; output: string }>((resolve) => {
    execFile(
      cmd,
      args,
      {
        cwd,
        timeout: timeoutMs,
        env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' },
      },
      (err, stdout, stderr) =>
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : null) : 0,
          output: `${stdout}${stderr}`,
        })
    )
  })

/** `uid:gid` of the stage's USER, when this test can switch to it (it runs as root). */
function runtimeUser(stage: Stage): { uid: number; gid: number } | undefined {
  const m = /^(\d+):(\d+)$/.exec(stage.user ?? '')
  if (!m || process.getuid?.() !== 0) return undefined
  const ids = { uid: Number(m[1]), gid: Number(m[2]) }
  // The node binary must be reachable by that user (not under /root, say).
  const probe = spawnSync(process.execPath, ['-e', '0'], { ...ids, stdio: 'ignore' })
  return probe.status === 0 ? ids : undefined
}

/** A file a stage's WORKDIR-relative or absolute destination ends up at, inside `root`. */
const inside = (root: string, workdir: string, dest: string) =>
  join(root, dest.startsWith('/') ? dest : join(workdir, dest))

describe.skipIf(!redisServerBinary())('the production image and install, without Docker', () => {
  let tmp: string
  let buildOut: string
  let root: string
  let redis: RedisServer
  const env = () => ({ ...runtime.env, REDIS_ADDR: redis.url })

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ops-production-'))
    chmodSync(tmp, 0o755) // readable by the image's unprivileged USER
    buildOut = join(tmp, 'build', 'dist')
    // What the build stage's `npm run build -- node` does, with BUILD_META for the import list.
    ;[, redis] = await Promise.all([buildNodeBundle(buildOut, { BUILD_META: '1' }), startRedis()])
    // The runtime stage: an empty root with the COPY'd files only.
    root = join(tmp, 'image')
    for (const c of runtime.copies) {
      for (const src of c.sources) {
        const from = c.from === buildStage.name ? builtFile(src) : join(ROOT, src)
        const to = inside(root, runtime.workdir, c.dest.endsWith('/') ? join(c.dest, src) : c.dest)
        mkdirSync(dirname(to), { recursive: true })
        copyFileSync(from, to)
      }
    }
    for (let d = join(root, runtime.workdir); d.startsWith(tmp); d = dirname(d)) chmodSync(d, 0o755)
    chmodSync(join(root, runtime.workdir, 'dist'), 0o755)
  }, 60_000)

  afterAll(async () => {
    await redis?.stop()
    rmSync(tmp, { recursive: true, force: true })
  })

  /** Where the build stage's `npm run build -- node` put a file the runtime stage copies. */
  function builtFile(src: string): string {
    const rel = relative(buildStage.workdir, src)
    if (!rel.startsWith('dist/'))
      throw new Error(`the test cannot produce ${src} of the build stage`)
    return join(buildOut, rel.slice('dist/'.length))
  }

  it('builds with npm ci and npm run build in the build stage, from an allowlisted context', () => {
    expect(buildStage.image).toMatch(/^node:\d+-slim$/)
    expect(buildStage.runs).toEqual(['npm ci --no-audit --no-fund', 'npm run build -- node'])
    const contextFiles = stages.flatMap((s) =>
      s.copies.filter((c) => !c.from).flatMap((c) => c.sources)
    )
    for (const f of contextFiles) {
      expect(existsSync(join(ROOT, f)), f).toBe(true)
      expect(inBuildContext(DOCKERIGNORE, f), `${f} is excluded by .dockerignore`).toBe(true)
    }
    for (const f of ['node_modules', 'dist', '.git', 'test', 'bench', '.dev.vars', 'README.md']) {
      expect(inBuildContext(DOCKERIGNORE, f), `${f} reaches the build context`).toBe(false)
    }
  })

  it('ships only the bundle and the health check, on node slim, unprivileged, on port 9121', () => {
    expect(runtime.image).toMatch(/^node:(20|22)-slim$/)
    expect(runtime.user).toMatch(/^[1-9]\d*:[1-9]\d*$/)
    expect(runtime.expose).toEqual([9121])
    expect(runtime.env['REDIS_EXPORTER_WEB_LISTEN_ADDRESS']).toBe('0.0.0.0:9121')
    expect(runtime.runs).toEqual([])
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : [relative(root, join(dir, e.name))]
      )
    expect(files(root).sort()).toEqual(['app/dist/node.mjs', 'app/healthcheck.mjs'])
    // An entrypoint, so that `docker run IMAGE -redis.addr …` passes flags, as with redis_exporter.
    expect(runtime.entrypoint).toEqual(['node', 'dist/node.mjs'])
    expect(runtime.cmd).toBeUndefined()
    expect(runtime.healthcheck?.cmd).toEqual(['node', 'healthcheck.mjs'])
  })

  it('needs no node_modules: the bundle imports only Node built-ins', () => {
    const meta = JSON.parse(readFileSync(join(buildOut, 'node.meta.json'), 'utf8')) as {
      outputs: Record<string, { imports: { path: string; external?: boolean }[] }>
    }
    const output = Object.entries(meta.outputs).find(([k]) => k.endsWith('node.mjs'))![1]
    const external = [...new Set(output.imports.filter((i) => i.external).map((i) => i.path))]
    expect(external.length).toBeGreaterThan(0)
    const builtin = new Set(builtinModules)
    expect(external.filter((p) => !p.startsWith('node:') && !builtin.has(p))).toEqual([])
  })

  /** Runs the image's ENTRYPOINT (+ `flags`) in its WORKDIR with its ENV (and USER when possible). */
  async function runImage(asUser: boolean, flags: string[] = []): Promise<ExporterProcess> {
    const [cmd, ...args] = [...(runtime.entrypoint ?? []), ...(runtime.cmd ?? []), ...flags]
    expect(cmd).toBe('node')
    return startExporterProcess({
      args,
      cwd: join(root, runtime.workdir),
      env: env(), // the listen address is overridden with a free loopback port
      ...(asUser ? runtimeUser(runtime) : {}),
    })
  }

  /** Runs the HEALTHCHECK command as Docker would, against the server's listen address. */
  function healthcheck(address: string): { status: number | null; output: string } {
    const [cmd, ...args] = runtime.healthcheck!.cmd
    expect(cmd).toBe('node')
    const r = spawnSync(process.execPath, args, {
      cwd: join(root, runtime.workdir),
      env: {
        PATH: process.env['PATH'] ?? '',
        ...runtime.env,
        REDIS_EXPORTER_WEB_LISTEN_ADDRESS: address,
      },
      encoding: 'utf8',
      timeout: 10_000,
    })
    return { status: r.status, output: `${r.stdout}${r.stderr}` }
  }

  it('serves /metrics and /health from the copied files, and stops on SIGTERM with 0', async () => {
    const server = await runImage(false)
    try {
      const metrics = await fetch(`${server.url}/metrics`)
      expect(metrics.status).toBe(200)
      const body = await metrics.text()
      expect(body).toContain('\nredis_up 1\n')
      expect(body).toContain('redis_exporter_build_info{version="')
      expect(body).toContain('process_resident_memory_bytes')
      const health = await fetch(`${server.url}/health`)
      expect([health.status, await health.text()]).toEqual([200, 'ok'])
    } finally {
      expect(await server.stop()).toBe(0)
    }
  })

  it('takes redis_exporter flags given after the image name (docker run IMAGE -namespace …)', async () => {
    const server = await runImage(false, ['-namespace', 'fromflag'])
    try {
      expect(await (await fetch(`${server.url}/metrics`)).text()).toContain('\nfromflag_up 1\n')
    } finally {
      expect(await server.stop()).toBe(0)
    }
  })

  it.skipIf(!runtimeUser(runtime))("runs as the image's USER", async () => {
    const server = await runImage(true)
    try {
      const status = readFileSync(`/proc/${server.pid}/status`, 'utf8')
      const id = (field: string) => new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1]
      expect(`${id('Uid')}:${id('Gid')}`).toBe(runtime.user)
      expect(await (await fetch(`${server.url}/metrics`)).text()).toContain('\nredis_up 1\n')
    } finally {
      expect(await server.stop()).toBe(0)
    }
  })

  it('passes its HEALTHCHECK while serving and fails it once stopped', async () => {
    const server = await runImage(false)
    let address = ''
    try {
      address = server.address
      const ok = healthcheck(address)
      expect(ok, ok.output).toEqual({ status: 0, output: '' })
    } finally {
      await server.stop()
    }
    const down = healthcheck(address)
    expect(down.status).toBe(1)
    expect(down.output).toMatch(/^healthcheck: http:\/\/127\.0\.0\.1:\d+\/health: /)
  })

  it('npm start without esbuild and without a bundle fails, naming the build command', async () => {
    const dir = join(tmp, 'no-bundle')
    mkdirSync(join(dir, 'scripts'), { recursive: true })
    copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'))
    copyFileSync(join(ROOT, 'scripts', 'build.mjs'), join(dir, 'scripts', 'build.mjs'))
    const r = await exec('npm', ['start', '--silent'], dir, 30_000)
    expect(r.code).toBe(1)
    expect(r.output).toContain('esbuild is not installed')
    expect(r.output).toContain('npm run build -- node')
  })

  it('npm ci --omit=dev && npm start serves the prebuilt bundle', async (ctx) => {
    const dir = join(tmp, 'npm-install')
    mkdirSync(join(dir, 'scripts'), { recursive: true })
    mkdirSync(join(dir, 'dist'))
    for (const f of ['package.json', 'package-lock.json', 'scripts/build.mjs']) {
      copyFileSync(join(ROOT, f), join(dir, f))
    }
    copyFileSync(join(buildOut, 'node.mjs'), join(dir, 'dist', 'node.mjs'))
    const install = await exec(
      'npm',
      ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'],
      dir,
      180_000
    )
    if (
      install.code !== 0 &&
      /E(NOTFOUND|AI_AGAIN|CONNREFUSED|CONNRESET|TIMEDOUT|NETUNREACH)|network/i.test(install.output)
    ) {
      ctx.skip() // the registry is unreachable and the npm cache cannot stand in for it
    }
    expect(install.code, install.output).toBe(0)
    expect(existsSync(join(dir, 'node_modules', 'ioredis'))).toBe(true)
    expect(existsSync(join(dir, 'node_modules', 'esbuild'))).toBe(false)
    const server = await startExporterProcess({
      command: 'npm',
      args: ['start'],
      cwd: dir,
      env: { REDIS_ADDR: redis.url },
    })
    try {
      expect(await (await fetch(`${server.url}/metrics`)).text()).toContain('\nredis_up 1\n')
      expect(server.logs()).toContain('esbuild is not installed: using the prebuilt dist/node.mjs')
    } finally {
      await server.stop()
    }
  }, 240_000)

  it('npm start in a development checkout still builds, then serves', async () => {
    const dir = join(tmp, 'checkout')
    for (const f of ['package.json', 'tsconfig.json', 'scripts/build.mjs', 'lib', 'functions']) {
      cpSync(join(ROOT, f), join(dir, f), { recursive: true })
    }
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
    const server = await startExporterProcess({
      command: 'npm',
      args: ['start'],
      cwd: dir,
      env: { REDIS_ADDR: redis.url },
    })
    try {
      expect(await (await fetch(`${server.url}/metrics`)).text()).toContain('\nredis_up 1\n')
      expect(server.logs()).toMatch(/built dist\/node\.mjs \(\d+ bytes/)
      expect(existsSync(join(dir, 'dist', 'node.mjs'))).toBe(true)
    } finally {
      await server.stop()
    }
  }, 60_000)
})
