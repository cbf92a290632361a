import { describe, expect, expectTypeOf, it } from 'vitest'
import { renderPrometheus } from '../../lib/render/prometheus'
import type {
  Command,
  InfoRecord,
  Labels,
  MetricFamily,
  MetricType,
  Reply,
  Sample,
} from '../../lib/types'

describe('the shapes that cross module boundaries', () => {
  it('a command is a name and string arguments, never empty', () => {
    expectTypeOf<['INFO']>().toMatchTypeOf<Command>()
    expectTypeOf<['CONFIG', 'GET', 'maxmemory']>().toMatchTypeOf<Command>()
    expectTypeOf<[]>().not.toMatchTypeOf<Command>()
    expectTypeOf<['SELECT', 1]>().not.toMatchTypeOf<Command>()
  })

  it('a reply is a value or an error, told apart by ok', () => {
    const read = (reply: Reply): unknown => (reply.ok ? reply.value : reply.error)
    expectTypeOf<Extract<Reply, { ok: false }>['error']>().toEqualTypeOf<string>()
    expect(read({ ok: true, value: 'PONG' })).toBe('PONG')
    expect(read({ ok: false, error: 'ERR unknown command' })).toBe('ERR unknown command')
  })

  it('a family is what the renderer writes', () => {
    expectTypeOf<MetricType>().toEqualTypeOf<
      'gauge' | 'counter' | 'summary' | 'histogram' | 'untyped'
    >()
    expectTypeOf<Sample['suffix']>().toEqualTypeOf<'' | '_sum' | '_count' | '_bucket' | undefined>()
    expectTypeOf<Sample['labels']>().toEqualTypeOf<Labels>()
    expectTypeOf<InfoRecord>().toEqualTypeOf<Readonly<Record<string, string>>>()
    expectTypeOf(renderPrometheus).parameter(0).toEqualTypeOf<readonly MetricFamily[]>()
    const family: MetricFamily = {
      name: 'redis_x_seconds',
      help: 'X.',
      type: 'summary',
      samples: [
        { suffix: '_sum', labels: { db: 'db0' }, value: 1.5 },
        { suffix: '_count', labels: { db: 'db0' }, value: 3 },
      ],
    }
    expect(renderPrometheus([family])).toBe(
      '# HELP redis_x_seconds X.\n# TYPE redis_x_seconds summary\nredis_x_seconds_sum{db="db0"} 1.5\nredis_x_seconds_count{db="db0"} 3\n'
    )
  })
})
