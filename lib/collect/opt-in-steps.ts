import { selectSearchIndexes } from '../parse/search-info'
import { parseSentinelMasters } from '../parse/sentinel'
import type { Reply } from '../types'
import type { CollectorSettings } from '../settings/collector-settings'
import type { PlanContext, PlanOptions, Step, StepKey } from './plan'

/** The steps of redis_exporter's opt-in collectors and of Sentinel targets. */
export type OptInStepKey =
  | 'client_list'
  | 'sentinel_masters'
  | 'sentinel_ckquorum'
  | 'sentinel_peers'
  | 'sentinel_config'
  | 'modules'
  | 'tile38'
  | 'search_list'
  | 'search_info'

/** Whether the user turned the opt-in on. */
const on =
  (key: keyof CollectorSettings) =>
  (o: PlanOptions): boolean =>
    o.optIns?.[key] === true

/** The value of the (first) reply of a step sent earlier in this scrape. */
function replyOf(ctx: PlanContext, key: StepKey): unknown {
  const reply: Reply | undefined = ctx.replies?.get(key)?.[0]
  return reply?.ok ? reply.value : undefined
}

/** The masters named by this scrape's `SENTINEL MASTERS` (parsed the same way by the builder). */
export function sentinelMasterNames(ctx: PlanContext): string[] {
  return parseSentinelMasters(replyOf(ctx, 'sentinel_masters')).map((m) => m.name)
}

/**
 * Steps with `after` go out once the step they name has answered in this scrape (one more round
 * trip): their commands are built from its reply. `SENTINEL CKQUORUM` is a collector of its own:
 * a master without quorum fails it (`collector_success 0`) without hiding the other Sentinel series.
 */
export const OPT_IN_STEPS = [
  {
    key: 'client_list',
    collector: 'client_list',
    required: false,
    command: 'CLIENT',
    enabled: on('exportClientList'),
    commands: () => [['CLIENT', 'LIST']],
  },
  {
    key: 'sentinel_masters',
    collector: 'sentinel',
    required: false,
    command: 'SENTINEL',
    needs: (f) => f.sentinel,
    commands: () => [['SENTINEL', 'MASTERS']],
  },
  {
    key: 'sentinel_ckquorum',
    collector: 'sentinel_ckquorum',
    required: false,
    command: 'SENTINEL',
    after: 'sentinel_masters',
    commands: (ctx) => sentinelMasterNames(ctx).map((m) => ['SENTINEL', 'CKQUORUM', m] as const),
  },
  {
    key: 'sentinel_peers',
    collector: 'sentinel',
    required: false,
    command: 'SENTINEL',
    after: 'sentinel_masters',
    commands: (ctx) =>
      sentinelMasterNames(ctx).flatMap((m) => [
        ['SENTINEL', 'SENTINELS', m] as const,
        ['SENTINEL', 'SLAVES', m] as const,
      ]),
  },
  {
    key: 'sentinel_config',
    collector: 'sentinel_config',
    required: false,
    command: 'SENTINEL',
    needs: (f) => f.sentinel,
    enabled: on('includeConfigMetrics'),
    commands: () => [['SENTINEL', 'CONFIG', 'GET', '*']],
  },
  {
    key: 'modules',
    collector: 'modules',
    required: false,
    command: 'INFO',
    enabled: on('includeModulesMetrics'),
    commands: () => [['INFO', 'MODULES']],
  },
  {
    key: 'tile38',
    collector: 'tile38',
    required: false,
    command: 'SERVER',
    enabled: on('isTile38'),
    commands: () => [['SERVER', 'EXT']],
  },
  {
    key: 'search_list',
    collector: 'search_indexes',
    required: false,
    command: 'FT._LIST',
    enabled: on('includeSearchIndexesMetrics'),
    commands: () => [['FT._LIST']],
  },
  {
    key: 'search_info',
    collector: 'search_indexes',
    required: false,
    command: 'FT.INFO',
    after: 'search_list',
    commands: (ctx) =>
      selectSearchIndexes(replyOf(ctx, 'search_list'), searchPattern(ctx)).map(
        (index) => ['FT.INFO', index] as const
      ),
  },
] as const satisfies readonly Step[]

function searchPattern(ctx: PlanContext): RegExp {
  return ctx.opts.optIns?.searchIndexes ?? /.*/
}
