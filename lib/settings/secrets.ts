import type { PasswordMap } from './password-map'

/** What configSecrets needs of the parsed configuration. */
export interface SecretHolder {
  readonly password?: string
  readonly target?: { readonly password?: string }
  readonly tls: { readonly key?: string }
  readonly passwordMap?: PasswordMap
}

/** Every secret the configuration holds, for redacting text before it is printed. */
export function configSecrets(config: SecretHolder): string[] {
  const out = [config.password, config.target?.password, config.tls.key]
  for (const value of config.passwordMap?.values() ?? []) out.push(value)
  return out.filter((s): s is string => typeof s === 'string' && s !== '')
}
