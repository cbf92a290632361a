// AWS Lambda entry for the scheduled push (EventBridge rule or Scheduler) to CloudWatch.
import { createPushHandler } from './lambda-push-handler'
import { secretAwareEntry } from './lambda-runtime'

export const handler = await secretAwareEntry('lambda-push', (env) => createPushHandler(env))
