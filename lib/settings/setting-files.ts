/**
 * The files settings name, read through the runtime's reader (Node and Lambda: the file system):
 * the `file` settings (password map, TLS material) and REDIS_EXPORTER_SCRIPT's Lua files. lib/
 * never touches a file system itself. Each file is bounded; a missing, unreadable or oversized
 * one is a ConfigError naming the variable and the path, never the contents. Read at startup;
 * the Node server reads REDIS_PASSWORD_FILE again on `/-/reload` (functions/node-app.ts).
 */
import { ConfigError } from '../errors'
import type { ScriptSource } from '../keys/key-checks'
import type { EnvRecord, SettingFiles } from './read'
import { readSettings, settingFilePaths } from './read'

/** Largest file read (a PEM bundle, a password map or a Lua script is a few KB). */
export const MAX_SETTING_FILE_BYTES = 1024 * 1024

/** The runtime's file reader: the bytes at `path`, or a throw carrying a `code` (`ENOENT`). */
export type ReadFile = (path: string) => Uint8Array

const decoder = new TextDecoder()

function readBounded(read: ReadFile, name: string, path: string, what: string): string {
  let bytes: Uint8Array
  try {
    bytes = read(path)
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code
    throw new ConfigError(
      `${name}: cannot read ${what} (${typeof code === 'string' ? code : 'error'})`
    )
  }
  if (bytes.length > MAX_SETTING_FILE_BYTES) {
    throw new ConfigError(`${name}: ${path} is larger than ${MAX_SETTING_FILE_BYTES} bytes`)
  }
  return decoder.decode(bytes)
}

/** The contents of every `file` setting that is set, keyed by the variable, for parseConfig. */
export function loadSettingFiles(env: EnvRecord, read: ReadFile): SettingFiles {
  const out: Partial<Record<keyof SettingFiles, string>> = {}
  for (const { name, path } of settingFilePaths(env))
    out[name] = readBounded(read, name, path, path)
  return out
}

/** The Lua files of REDIS_EXPORTER_SCRIPT (comma-separated paths), each labelled by its path. */
export function loadScriptFiles(env: EnvRecord, read: ReadFile): ScriptSource[] {
  const name = 'REDIS_EXPORTER_SCRIPT'
  return (readSettings(env).list(name) ?? []).map((path) => ({
    filename: path,
    text: readBounded(read, name, path, `the Lua script ${path}`),
  }))
}
