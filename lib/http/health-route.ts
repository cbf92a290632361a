import type { Context } from 'hono'
import type { Config } from '../config'

/** `GET /health`: liveness, never touches Redis (and never asks for credentials). */
export function healthRoute(c: Context): Response {
  return c.text('ok')
}

/** `GET /`: the landing page linking the endpoints. */
export function landingRoute(config: Config, version: string) {
  const page = landingPage({
    telemetryPath: config.telemetryPath,
    targetUri: config.target?.uri,
    version,
    scrapeEnabled: !config.disableScrapeEndpoint,
  })
  return (c: Context): Response => c.html(page)
}

/** The small HTML page served on `/`. Shows only password-free values. */
export function landingPage(opts: {
  telemetryPath: string
  targetUri: string | undefined
  version: string
  scrapeEnabled: boolean
}): string {
  const target = opts.targetUri ? escapeHtml(opts.targetUri) : '(none: REDIS_ADDR is empty)'
  const path = escapeHtml(opts.telemetryPath)
  const example = opts.targetUri ? encodeURIComponent(opts.targetUri) : 'redis%3A%2F%2Fhost%3A6379'
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Redis Exporter</title></head>
<body>
<h1>Redis Exporter ${escapeHtml(opts.version)}</h1>
<p>Target: <code>${target}</code></p>
<ul>
<li><a href="${path}">${path}</a>: metrics of the configured target and of the exporter</li>
${opts.scrapeEnabled ? `<li><a href="/scrape?target=${example}">/scrape?target=…</a>: metrics of one allowed target (multi-target mode)</li>\n` : ''}<li><a href="/health">/health</a>: liveness, never touches Redis</li>
</ul>
</body>
</html>
`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
