// The exporter's version and build, for redis_exporter_build_info and the landing page.
import { version } from '../package.json'
import type { BuildInfo, EnvRecord } from '../lib/index'
import { readSettings } from '../lib/index'

/** The build info of this runtime; commit and date come from the build's environment. */
export function buildInfo(env: EnvRecord, runtimeVersion: string): BuildInfo {
  const settings = readSettings(env)
  return {
    version,
    commitSha: settings.text('REDIS_EXPORTER_COMMIT_SHA') ?? '',
    buildDate: settings.text('REDIS_EXPORTER_BUILD_DATE') ?? '',
    runtimeVersion,
  }
}
