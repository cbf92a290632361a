import type { Snapshot } from '../collect/snapshot'
import type { CollectorSettings } from '../settings/collector-settings'
import { NO_OPT_INS } from '../settings/collector-settings'
import { addClientListFamilies } from './build-clients'
import { addConfigMetrics, addSentinelConfigMetrics } from './build-config-metrics'
import { addModulesFamilies, addSearchIndexFamilies, addTile38Families } from './build-modules'
import { addSentinelInfo, addSentinelMasters } from './build-sentinel'
import type { Descriptor } from './descriptor'
import type { FamilySet } from './family-set'
import { selectsSource } from './select-sources'

/**
 * The families of redis_exporter's opt-in collectors and of Sentinel targets, each from its own
 * step's replies (absent when the step was not sent or failed). Sentinel INFO counters are
 * exported whenever INFO has them, as upstream.
 */
export function addOptInFamilies(
  set: FamilySet,
  snapshot: Snapshot,
  opts: {
    readonly optIns?: CollectorSettings | undefined
    readonly nowSeconds: number
    readonly select?: ((desc: Descriptor) => boolean) | undefined
  }
): void {
  const o = opts.optIns ?? NO_OPT_INS
  const first = (key: Parameters<Snapshot['replies']['get']>[0]) => snapshot.replies.get(key)?.[0]
  if (o.exportClientList) {
    addClientListFamilies(set, first('client_list'), {
      port: o.exportClientPort,
      nowSeconds: opts.nowSeconds,
    })
  }
  if (o.includeConfigMetrics) {
    addConfigMetrics(set, snapshot.config, o.redactConfigMetrics)
    const sentinelConfig = first('sentinel_config')
    if (sentinelConfig?.ok) {
      addSentinelConfigMetrics(set, sentinelConfig.value, o.redactConfigMetrics)
    }
  }
  if (selectsSource(opts.select, 'INFO sentinel')) addSentinelInfo(set, snapshot.info)
  addSentinelMasters(
    set,
    {
      masters: first('sentinel_masters'),
      ckquorum: snapshot.replies.get('sentinel_ckquorum'),
      peers: snapshot.replies.get('sentinel_peers'),
    },
    o.includeSentinelPeerInfo
  )
  if (o.includeModulesMetrics) addModulesFamilies(set, first('modules'))
  if (o.isTile38) addTile38Families(set, first('tile38'))
  if (o.includeSearchIndexesMetrics)
    addSearchIndexFamilies(set, snapshot.replies.get('search_info'))
}
