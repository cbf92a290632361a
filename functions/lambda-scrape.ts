// AWS Lambda entry for Prometheus scrapes (Function URL, API Gateway HTTP API, ALB).
import { installLightWebGlobals } from './light-web/install'
import { createScrapeHandler } from './lambda-scrape-handler'
import { secretAwareEntry } from './lambda-runtime'

// Before any request: hono's Headers, Request and Response without loading Node's undici.
installLightWebGlobals()

export const handler = await secretAwareEntry('lambda-scrape', (env) => createScrapeHandler(env))
