import { describe, expect, it } from 'vitest'
import { parseInfo } from '../../../lib/parse/info'
import { NO_OPT_INS } from '../../../lib/settings/collector-settings'
import type { Reply } from '../../../lib/types'
import { fixtureText, parsed, render, upSnapshot } from './build-fixtures'

const INFO = parseInfo(fixtureText('info-redis-7.0.txt'))
const REPLIES: [Parameters<typeof upSnapshot>[0]['replies']] = [
  [
    ['client_list', [{ ok: true, value: fixtureText('client-list-redis-7.0.txt') } as Reply]],
    ['modules', [{ ok: true, value: fixtureText('info-modules-redis-stack-7.4.7.txt') } as Reply]],
    [
      'search_info',
      [{ ok: true, value: JSON.parse(fixtureText('ft-info-redisearch-2.json')) } as Reply],
    ],
  ],
]
const CONFIG = { maxclients: '10000', appendonly: 'no' }

describe('addOptInFamilies', () => {
  it('adds nothing with every opt-in off, whatever the snapshot holds', () => {
    const snapshot = upSnapshot({ info: INFO, config: CONFIG, replies: REPLIES[0] })
    // Only the collectors report that their commands answered.
    const withoutCollectors = (text: string) =>
      text
        .split('\n')
        .filter((l) => !l.startsWith('redis_exporter_collector_success'))
        .join('\n')
    expect(withoutCollectors(render(snapshot, { optIns: NO_OPT_INS }))).toBe(
      withoutCollectors(render(upSnapshot({ info: INFO, config: CONFIG })))
    )
  })

  it.each<[keyof typeof NO_OPT_INS, string, RegExp]>([
    ['exportClientList', 'redis_connected_clients_details', /^redis_connected_client/],
    ['includeConfigMetrics', 'redis_config_key_value', /^redis_config_(key_)?value$/],
    ['includeModulesMetrics', 'redis_module_info', /^redis_(module|search)_/],
    ['includeSearchIndexesMetrics', 'redis_search_index_num_docs', /^redis_search_index_/],
  ])('%s adds %s and only its own families', (option, family, own) => {
    const snapshot = upSnapshot({ info: INFO, config: CONFIG, replies: REPLIES[0] })
    const on = parsed(snapshot, { optIns: { ...NO_OPT_INS, [option]: true } })
    const off = parsed(snapshot, { optIns: NO_OPT_INS })
    expect(on.has(family)).toBe(true)
    expect(off.has(family)).toBe(false)
    const added = [...on.keys()].filter((n) => !off.has(n))
    expect(added.length).toBeGreaterThan(0)
    for (const name of added) expect(name).toMatch(own)
  })
})
