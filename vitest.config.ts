import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/workers/**'],
          // Integration suites start their own redis-server processes; keep files in separate workers.
          pool: 'forks',
        },
      },
      {
        // The connection-level suites again over ioredis (REDIS_EXPORTER_REDIS_CLIENT=ioredis on the
        // Node server; test/helpers/redis-client.ts); the lean RESP client every runtime uses by
        // default runs above.
        extends: true,
        test: {
          name: 'ioredis-client',
          include: [
            'test/integration/faults.int.test.ts',
            'test/integration/tls.int.test.ts',
            'test/integration/hostile.int.test.ts',
            'test/integration/exporter.int.test.ts',
          ],
          env: { TEST_REDIS_CLIENT: 'ioredis' },
          pool: 'forks',
        },
      },
      {
        // The Worker in real workerd (wrangler.toml's compatibility date and flags). The global
        // setup builds the bundle with `wrangler deploy --dry-run` (what a deploy uploads; loading
        // ioredis's CommonJS sources one by one through the pool mis-resolves its `debug` import)
        // and starts the servers in Node, which workerd reaches over 127.0.0.1.
        extends: true,
        plugins: [
          cloudflareTest(({ inject }) => {
            const h = inject('harness')
            return {
              main: './dist/worker-test/worker.js',
              wrangler: { configPath: './wrangler.toml' },
              miniflare: {
                bindings: {
                  UPSTASH_REDIS_REST_URL: h.upstash.url,
                  UPSTASH_REDIS_REST_TOKEN: h.upstash.token,
                  REDIS_EXPORTER_BEARER_TOKEN: 'prom-bearer-never-printed-16180',
                  // The sharded push through a real local queue (test/workers/queue.test.ts):
                  // the Worker consumes the shard messages with these settings.
                  REDIS_EXPORTER_TARGETS: `redis://127.0.0.1:${new URL(h.upstash.url).port}?name=upstash-main&dim.via=queue redis://${h.tcp.host}:${h.tcp.port}?password_env=TCP_REDIS_PASSWORD&dim.via=queue`,
                  TCP_REDIS_PASSWORD: h.tcp.password,
                  REDIS_EXPORTER_PUSH_SHARDS: '2',
                  REDIS_EXPORTER_PUSH_SINKS: 'putmetricdata',
                  AWS_REGION: 'us-east-1',
                  AWS_ACCESS_KEY_ID: 'AKIDWORKERTEST',
                  AWS_SECRET_ACCESS_KEY: 'aws-secret-never-printed-17320',
                  AWS_ENDPOINT_URL_CLOUDWATCH: h.cloudwatch.url,
                },
                queueProducers: { PUSH_QUEUE: { queueName: 'redis-exporter-push-shards' } },
                // A real local KV namespace for the TARGETS_KV target list (queue.test.ts binds
                // it under that name only where it is tested).
                kvNamespaces: ['TARGETS_KV_TEST'],
                queueConsumers: {
                  'redis-exporter-push-shards': { maxBatchSize: 1, maxBatchTimeout: 1 },
                },
              },
            }
          }),
        ],
        test: {
          name: 'workers',
          include: ['test/workers/**/*.test.ts'],
          // CPU time per request is a measurement with a budget, so it belongs to the benchmark
          // (`npm run bench:workers`), not to `npm test`, where a loaded machine would flake it.
          exclude: [
            ...configDefaults.exclude,
            ...(process.env['BENCH_WORKERS_CPU'] ? [] : ['test/workers/cpu.test.ts']),
          ],
          globalSetup: ['test/workers/global-setup.ts'],
          // One file at a time: the CPU measurement and connection counts need a quiet workerd.
          fileParallelism: false,
        },
      },
    ],
  },
})
