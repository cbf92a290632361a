// prom-client's default collectors, imported one by one (process-metrics.ts): each registers its
// metrics on the registry it is given. prom-client ships no types for these paths.
declare module 'prom-client/lib/metrics/*' {
  import type { Registry } from 'prom-client'
  const collector: (registry: Registry, config: object) => void
  export default collector
}
