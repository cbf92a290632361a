// The Node server's process metrics: prom-client's default collectors, in collectDefaultMetrics'
// order (so the page reads as prom-client's), with the event loop delay from event-loop-delay.ts.
import { Registry } from 'prom-client'
import processCpuTotal from 'prom-client/lib/metrics/processCpuTotal'
import processStartTime from 'prom-client/lib/metrics/processStartTime'
import osMemoryHeap from 'prom-client/lib/metrics/osMemoryHeap'
import processOpenFileDescriptors from 'prom-client/lib/metrics/processOpenFileDescriptors'
import processMaxFileDescriptors from 'prom-client/lib/metrics/processMaxFileDescriptors'
import processResources from 'prom-client/lib/metrics/processResources'
import processHandles from 'prom-client/lib/metrics/processHandles'
import processRequests from 'prom-client/lib/metrics/processRequests'
import heapSizeAndUsed from 'prom-client/lib/metrics/heapSizeAndUsed'
import heapSpacesSizeAndUsed from 'prom-client/lib/metrics/heapSpacesSizeAndUsed'
import version from 'prom-client/lib/metrics/version'
import gc from 'prom-client/lib/metrics/gc'
import { eventLoopDelayMetrics } from './event-loop-delay'

/** collectDefaultMetrics' collectors in its order; `eventLoop` marks where its lag metrics were. */
const COLLECTORS = [
  processCpuTotal,
  processStartTime,
  osMemoryHeap,
  processOpenFileDescriptors,
  processMaxFileDescriptors,
  'eventLoop',
  processResources,
  processHandles,
  processRequests,
  heapSizeAndUsed,
  heapSpacesSizeAndUsed,
  version,
  gc,
] as const

/** A registry of the process metrics, the event loop sampled every `eventLoopResolutionMs`. */
export function processMetricsRegistry(eventLoopResolutionMs: number): Registry {
  const registry = new Registry()
  for (const collector of COLLECTORS) {
    if (collector === 'eventLoop') eventLoopDelayMetrics(registry, eventLoopResolutionMs)
    else collector(registry, {})
  }
  return registry
}
