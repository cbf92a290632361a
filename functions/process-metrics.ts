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

/** A registry of the process metrics, the event loop sampled every `eventLoopResolutionMs`. */
export function processMetricsRegistry(eventLoopResolutionMs: number): Registry {
  const registry = new Registry()
  const before = [processCpuTotal, processStartTime, osMemoryHeap, processOpenFileDescriptors]
  for (const collector of [...before, processMaxFileDescriptors]) collector(registry, {})
  eventLoopDelayMetrics(registry, eventLoopResolutionMs)
  const after = [processHandles, processRequests, heapSizeAndUsed, heapSpacesSizeAndUsed]
  for (const collector of [processResources, ...after, version, gc]) collector(registry, {})
  return registry
}
