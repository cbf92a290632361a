import { Registry } from 'prom-client'
import type { MetricFamily } from '../../lib/types'

/** Renders the same families through prom-client's Registry, the reference implementation. */
export async function renderWithPromClient(families: readonly MetricFamily[]): Promise<string> {
  const registry = new Registry()
  for (const f of families) {
    registry.registerMetric({
      name: f.name,
      get: async () => ({
        name: f.name,
        help: f.help,
        type: f.type,
        aggregator: 'sum',
        values: f.samples.map((s) => ({
          ...(s.suffix ? { metricName: f.name + s.suffix } : {}),
          labels: { ...s.labels },
          value: s.value,
        })),
      }),
    } as unknown as Parameters<Registry['registerMetric']>[0])
  }
  return registry.metrics()
}
