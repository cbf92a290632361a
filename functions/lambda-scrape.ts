// AWS Lambda entry for Prometheus scrapes (Function URL, API Gateway HTTP API, ALB).
import { createScrapeHandler } from './lambda-scrape-handler'
import { initOrExplain } from './lambda-runtime'

export const handler = initOrExplain(() => createScrapeHandler(process.env).handler)
