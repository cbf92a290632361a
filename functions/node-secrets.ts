// Reads the files the `file` settings name (password map, CA bundle, client certificate and key),
// so lib/ gets their contents as strings and never touches the file system itself.
import { readFileSync } from 'node:fs'
import type { AppDeps, Config, EnvRecord, ScriptSource, SettingFiles } from '../lib/index'
import {
  ConfigError,
  parseAuthConfig,
  parseConfig,
  parseList,
  settingFilePaths,
} from '../lib/index'

type AuthConfig = NonNullable<AppDeps['auth']>

/** Largest file read (a PEM bundle or a password map is a few KB). */
const MAX_FILE_BYTES = 1024 * 1024

/**
 * The contents of every `file` setting that is set, keyed by the variable, for
 * `parseConfig(env, files)`. A missing, unreadable or oversized file is a ConfigError naming the
 * variable and the path (never the contents). Read once at startup: rotate by restarting.
 */
export function readSettingFiles(env: EnvRecord): SettingFiles {
  const out: Partial<Record<keyof SettingFiles, string>> = {}
  for (const { name, path } of settingFilePaths(env)) {
    let text: string
    try {
      const bytes = readFileSync(path)
      if (bytes.length > MAX_FILE_BYTES) {
        throw new ConfigError(`${name}: ${path} is larger than ${MAX_FILE_BYTES} bytes`)
      }
      text = bytes.toString('utf8')
    } catch (err) {
      if (err instanceof ConfigError) throw err
      const code = (err as { code?: string }).code ?? 'error'
      throw new ConfigError(`${name}: cannot read ${path} (${code})`)
    }
    out[name] = text
  }
  return out
}

/**
 * The Lua files of REDIS_EXPORTER_SCRIPT (comma-separated paths), each labelled by its path as
 * given. A missing or oversized file is a ConfigError naming the variable and the path.
 */
export function readScriptFiles(env: EnvRecord): ScriptSource[] {
  const name = 'REDIS_EXPORTER_SCRIPT'
  return parseList(env[name] ?? '').map((path) => {
    try {
      const bytes = readFileSync(path)
      if (bytes.length > MAX_FILE_BYTES) {
        throw new ConfigError(`${name}: ${path} is larger than ${MAX_FILE_BYTES} bytes`)
      }
      return { filename: path, text: bytes.toString('utf8') }
    } catch (err) {
      if (err instanceof ConfigError) throw err
      const code = (err as { code?: string }).code ?? 'error'
      throw new ConfigError(`${name}: cannot read the Lua script ${path} (${code})`)
    }
  })
}

/**
 * The Node server's configuration, the setting files read, and its HTTP auth: optional there,
 * off unless REDIS_EXPORTER_BASIC_AUTH_* or a bearer token is set. Throws ConfigError.
 */
export function nodeConfig(env: EnvRecord): { config: Config; auth: AuthConfig } {
  const config = parseConfig(env, readSettingFiles(env), readScriptFiles(env))
  return { config, auth: parseAuthConfig(env, { requireCredentials: false }) }
}
