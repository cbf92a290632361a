// AWS Lambda entry for Prometheus scrapes (Function URL, API Gateway HTTP API, ALB).
import { createScrapeHandler } from './lambda-scrape-handler'
import { secretAwareEntry } from './lambda-runtime'

export const handler = await secretAwareEntry('lambda-scrape', (env) => createScrapeHandler(env))
