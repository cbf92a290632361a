// Run as a child process (test/functions/light-web/install.test.ts): a hono app behind
// hono/aws-lambda answers the events given on stdin, with the light web globals installed (argv
// `light`) or with Node's own (`node`), and prints the results and what it saw as JSON.
import { Hono } from 'hono'
import { handle } from 'hono/aws-lambda'
import { gzipWhenAccepted, pageResponse } from '../../lib/http/compression'
import { gzipPage } from '../../functions/gzip-page'
import { installLightWebGlobals } from '../../functions/light-web/install'

const installed = process.argv[2] === 'light' ? installLightWebGlobals() : false
/** Node's fetch implementation (undici) is loaded: its module is in Node's list of loaded ones. */
const undiciLoaded = () =>
  (process as unknown as { moduleLoadList: string[] }).moduleLoadList.some((m) =>
    m.includes('undici')
  )

const app = new Hono()
app.use(gzipWhenAccepted())
app.use('/late-header', async (c, next) => {
  await next()
  c.header('x-late', 'after the handler')
})
app.get('/text', (c) => c.text('plain text ✓'))
// As the scrape route answers on Lambda: the page gzipped by the runtime when asked.
app.get('/page', (c) => pageResponse(c, 'redis_up 1\n'.repeat(200), gzipPage))
// A long answer the middleware gzips through CompressionStream when asked.
app.get('/long', (c) => c.text('long ✓ '.repeat(300)))
app.get('/json', (c) => c.json({ up: 1, list: ['a', 'b'] }, 201))
app.get('/late-header', (c) => c.text('late'))
app.get('/cookies', (c) => {
  c.header('set-cookie', 'a=1', { append: true })
  c.header('set-cookie', 'b=2', { append: true })
  return c.text('cookies', 202, { 'x-custom': 'v' })
})
app.get('/headers', (c) => c.json(c.req.header()))
app.post('/echo', async (c) => c.text(`${c.req.method} ${await c.req.text()}`))
app.get('/empty', (c) => c.body(null, 204))

const serve = handle(app)
let input = ''
for await (const chunk of process.stdin) input += String(chunk)
const events = JSON.parse(input) as unknown[]
const results: unknown[] = []
const loadedAfter: boolean[] = []
for (const event of events) {
  results.push(await serve(event as never, {} as never))
  loadedAfter.push(undiciLoaded())
}
const light = globalThis.Response.name !== 'Response'
process.stdout.write(JSON.stringify({ installed, light, results, loadedAfter }))
