import { describe, expect, it } from 'vitest'
import { FakeRedis } from '../../helpers/fake-redis'
import { setupApp as setup } from '../../helpers/test-app'

describe('discovery scope', () => {
  /** A master whose INFO replication lists REPLCONF-announced "replicas". */
  const announcing = () =>
    new FakeRedis({
      INFO: {
        ok: true,
        value:
          'redis_version:7.0.15\r\nrole:master\r\nslave0:ip=127.0.0.2,port=27402,state=online,offset=1,lag=0\r\nslave1:ip=169.254.169.254,port=80,state=online,offset=1,lag=0\r\n',
      },
    })

  it('lists only in-scope nodes, refuses the others on /scrape, and counts them on the main page', async () => {
    const { app, targets } = setup({ REDIS_PASSWORD: 'seed-pw' }, announcing())
    const before = await (await app.request('/metrics')).text()
    expect(before).toContain('\nredis_exporter_discovery_out_of_scope_nodes_total 0\n')
    expect(before).toContain('\nredis_exporter_discovery_truncated_nodes_total 0\n')
    expect(before).toContain('# TYPE redis_exporter_discovery_out_of_scope_nodes_total counter')
    const groups = (await (await app.request('/discover-cluster-nodes')).json()) as {
      targets: string[]
    }[]
    expect(groups.map((g) => g.targets[0])).toEqual(['redis://main:6379'])
    for (const raw of ['redis://127.0.0.2:27402', 'redis://169.254.169.254:80']) {
      expect((await app.request(`/scrape?target=${raw}`)).status).toBe(403)
    }
    expect(targets.every((t) => t.id === 'main:6379')).toBe(true)
    expect(await (await app.request('/metrics')).text()).toContain(
      '\nredis_exporter_discovery_out_of_scope_nodes_total 2\n'
    )
  })

  it('refuses a never-reached /scrape target that only a wildcard allows', async () => {
    const { app } = setup({ REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: '*' })
    for (const raw of [
      '169.254.169.254:80',
      '[::ffff:a9fe:a9fe]:80',
      '2852039166:80',
      '0.0.0.0:6379',
    ]) {
      expect((await app.request(`/scrape?target=${encodeURIComponent(raw)}`)).status, raw).toBe(403)
    }
    expect((await app.request('/scrape?target=10.0.0.1:6379')).status).toBe(200)
    const exact = setup({ REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: '169.254.169.254' })
    expect((await exact.app.request('/scrape?target=169.254.169.254:80')).status).toBe(200)
  })

  it('counts them on the proxy-only page too (REDIS_ADDR="")', async () => {
    const { app } = setup(
      { REDIS_ADDR: '', REDIS_EXPORTER_SCRAPE_ALLOWED_TARGETS: 'seed.example' },
      announcing()
    )
    const res = await app.request('/discover-cluster-nodes?target=redis://seed.example:6379')
    expect(((await res.json()) as unknown[]).length).toBe(1)
    const body = await (await app.request('/metrics')).text()
    expect(body).toContain('\nredis_exporter_discovery_out_of_scope_nodes_total 2\n')
    expect(body).toContain('\nredis_exporter_discovery_truncated_nodes_total 0\n')
    expect(body).toContain('redis_target_scrape_request_errors_total 0')
  })
})
