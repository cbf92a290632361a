// Reads the files the `file` settings name (password map, CA bundle, client certificate and key),
// so lib/ gets their contents as strings and never touches the file system itself.
import type * as Fs from 'node:fs'
import type { AppDeps, Config, EnvRecord } from '../lib/index'
import { loadScriptFiles, loadSettingFiles, parseAuthConfig, parseConfig } from '../lib/index'
import { builtin } from './node-builtin'

type AuthConfig = NonNullable<AppDeps['auth']>

const read = (path: string): Uint8Array => builtin<typeof Fs>('node:fs').readFileSync(path)

/** The contents of every `file` setting that is set, for `parseConfig(env, files)`. */
export const readSettingFiles = (env: EnvRecord) => loadSettingFiles(env, read)

/** The Lua files of REDIS_EXPORTER_SCRIPT, each labelled by its path as given. */
export const readScriptFiles = (env: EnvRecord) => loadScriptFiles(env, read)

/**
 * The Node server's configuration, the setting files read, and its HTTP auth: optional there,
 * off unless REDIS_EXPORTER_BASIC_AUTH_* or a bearer token is set. Throws ConfigError.
 */
export function nodeConfig(env: EnvRecord): { config: Config; auth: AuthConfig } {
  const config = parseConfig(env, readSettingFiles(env), readScriptFiles(env))
  return { config, auth: parseAuthConfig(env, { requireCredentials: false }) }
}
