// AWS Lambda entry for the scheduled push (EventBridge rule or Scheduler) to CloudWatch.
import { createPushHandler } from './lambda-push-handler'
import { initOrExplain } from './lambda-runtime'

export const handler = initOrExplain(() => createPushHandler(process.env).handler)
