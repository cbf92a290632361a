// Child-process entry: runs latency-adding proxies (so their timers do not share the event loop
// with the client being measured) and prints `PORTS [..]` once they listen.
// Usage: node --import tsx bench/proxy-main.ts '[{"targetPort":6379,"delayMs":10},…]'
import { startProxy } from './proxy'
import type { ProxyOptions } from './proxy'

const specs = JSON.parse(process.argv[2] ?? '[]') as ProxyOptions[]
const proxies = await Promise.all(specs.map((s) => startProxy(s)))
console.log(`PORTS ${JSON.stringify(proxies.map((p) => p.port))}`)
process.on('SIGTERM', () => process.exit(0))
process.on('SIGINT', () => process.exit(0))
