import { describe, expect, it } from 'vitest'
import { FAMILIES } from '../../../../lib/metrics/catalog/families'
import {
  IO_THREAD_RULE,
  PREFIX_RULES,
  prefixRuleFor,
  ruleHelp,
} from '../../../../lib/metrics/catalog/rules'

describe('PREFIX_RULES', () => {
  it('are the cluster_ and db rules of redis_exporter, gauges with a help template', () => {
    expect(PREFIX_RULES.map((r) => [r.prefix, r.type])).toEqual([
      ['cluster_', 'gauge'],
      ['db', 'gauge'],
    ])
    for (const rule of PREFIX_RULES) {
      expect(rule.help).toContain('{name}')
      expect(rule.help).toContain('{field}')
      expect(rule.source.trim()).not.toBe('')
    }
  })

  it.each<[string, string | undefined]>([
    ['cluster_enabled', 'cluster_'],
    ['cluster_state', 'cluster_'],
    ['db0', undefined],
    ['db15', undefined],
    ['dbx', 'db'],
    ['db0_extra', 'db'],
    ['db_keys', 'db'],
    ['used_memory', undefined],
    ['xcluster_enabled', undefined],
    ['', undefined],
  ])('takes %j by the %s rule', (field, prefix) => {
    expect(prefixRuleFor(field)?.prefix).toBe(prefix)
  })
})

describe('ruleHelp', () => {
  const rule = PREFIX_RULES[0]!

  it('fills in the name and the field as redis_exporter-compatible output has them', () => {
    expect(ruleHelp(rule, 'cluster_enabled', 'cluster_enabled')).toBe(
      'cluster_enabled metric (INFO or CLUSTER INFO field cluster_enabled)'
    )
  })

  it.each(['cluster_$&x', "cluster_$'", 'cluster_$`', 'cluster_$1', 'cluster_{name}'])(
    'writes the field %j as it is, replacement patterns included',
    (field) => {
      expect(ruleHelp(rule, 'n', field)).toBe(`n metric (INFO or CLUSTER INFO field ${field})`)
    }
  )
})

describe('IO_THREAD_RULE', () => {
  it.each<[string, string | undefined]>([
    ['used_active_time_io_thread_0', '0'],
    ['used_active_time_io_thread_12', '12'],
    ['used_active_time_io_thread_', undefined],
    ['used_active_time_io_thread_1x', undefined],
    ['used_active_time_main_thread', undefined],
  ])('reads %s as thread %s', (field, thread) => {
    expect(IO_THREAD_RULE.pattern.exec(field)?.[1]).toBe(thread)
  })

  it('emits the catalog family with its thread label', () => {
    expect(IO_THREAD_RULE.family).toBe(FAMILIES.active_time_io_thread_seconds_total)
    expect(IO_THREAD_RULE.family.labels).toEqual(['thread'])
  })
})
