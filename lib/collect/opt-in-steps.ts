import { selectSearchIndexes } from '../parse/search-info'
import { parseSentinelMasters } from '../parse/sentinel'
import type { Reply } from '../types'
import type { PlanContext, Step, StepKey } from './plan'

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
    enabled: (o) => o.optIns?.exportClientList === true,
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
    enabled: (o) => o.optIns?.includeConfigMetrics === true,
    commands: () => [['SENTINEL', 'CONFIG', 'GET', '*']],
  },
  {
    key: 'modules',
    collector: 'modules',
    required: false,
    command: 'INFO',
    enabled: (o) => o.optIns?.includeModulesMetrics === true,
    commands: () => [['INFO', 'MODULES']],
  },
  {
    key: 'tile38',
    collector: 'tile38',
    required: false,
    command: 'SERVER',
    enabled: (o) => o.optIns?.isTile38 === true,
    commands: () => [['SERVER', 'EXT']],
  },
  {
    key: 'search_list',
    collector: 'search_indexes',
    required: false,
    command: 'FT._LIST',
    enabled: (o) => o.optIns?.includeSearchIndexesMetrics === true,
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
