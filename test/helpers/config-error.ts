import { expect } from 'vitest'
import { ConfigError } from '../../lib/errors'

/** The message of the ConfigError `run` throws; fails the test when it throws nothing else. */
export function configErrorText(run: () => unknown): string {
  try {
    run()
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as Error).message
  }
  throw new Error('expected a ConfigError')
}
