/**
 * Fixture for redis-server.test.ts (not a test): starts a server, prints `<pid> <port> <dir>`, then
 * either calls process.exit (mode 'exit') or waits to be killed (mode 'hang'), never calling stop().
 */
import { startRedis } from './redis-server'

const mode = process.argv[2] ?? 'hang'
const server = await startRedis()
const dirReply = await server.command('CONFIG', 'GET', 'dir')
const dir = Array.isArray(dirReply) ? String(dirReply[1]) : ''
process.stdout.write(`${server.pid} ${server.port} ${dir}\n`)
if (mode === 'exit') process.exit(0)
setInterval(() => undefined, 60_000)
