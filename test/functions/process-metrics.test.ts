import { Registry, collectDefaultMetrics } from 'prom-client'
import { describe, expect, it } from 'vitest'
import { processMetricsRegistry } from '../../functions/process-metrics'

/** Every HELP and TYPE line of a page, in order: the page's shape without its values. */
const shape = (page: string) => page.split('\n').filter((line) => line.startsWith('# '))

describe('processMetricsRegistry', () => {
  it('exports what collectDefaultMetrics exports, in its order, with its HELP and TYPE lines', async () => {
    const theirs = new Registry()
    collectDefaultMetrics({ register: theirs, eventLoopMonitoringPrecision: 1000 })
    const ours = await processMetricsRegistry(1000).metrics()
    expect(shape(ours)).toEqual(shape(await theirs.metrics()))
    expect(shape(ours)).toContain('# TYPE nodejs_eventloop_lag_p99_seconds gauge')
    // The same series too (names and labels), not only the same families; but for those that
    // depend on the moment: GC kinds seen so far, the kinds of resources active at the render.
    const moment = ['nodejs_gc_', 'nodejs_active_resources{']
    const series = (page: string) =>
      page
        .split('\n')
        .filter((l) => l !== '' && !l.startsWith('#') && !moment.some((m) => l.startsWith(m)))
        .map((l) => l.slice(0, l.lastIndexOf(' ')))
    expect(series(ours)).toEqual(series(await theirs.metrics()))
  })
})
