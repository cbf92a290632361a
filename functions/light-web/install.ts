// Light web globals for the Lambda scrape: Headers, Request and Response of plain JavaScript in
// place of Node's, which load its whole fetch implementation (undici) on first use: ~30–38 ms of a
// cold start's first invocation on Node 20, more than the scrape itself (bench/NOTES.md, "Issue
// 14: the Lambda cold start"). hono and hono/aws-lambda use the three for every request; the light
// ones hold a string or bytes body and hand anything else to the runtime's own classes, loaded then.
import { LightHeaders } from './headers'
import { setRealWeb } from './real'
import type { RealWeb } from './real'
import { LightRequest } from './request'
import { LightResponse } from './response'

const NAMES = ['Headers', 'Request', 'Response'] as const
type Name = (typeof NAMES)[number]

const LIGHT: Readonly<Record<Name, unknown>> = {
  Headers: LightHeaders,
  Request: LightRequest,
  Response: LightResponse,
}

function define(name: Name, value: unknown): void {
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true })
}

/**
 * Puts the light classes in place of `Headers`, `Request` and `Response` while the runtime's are
 * still unloaded (Node defines them as lazy getters); else changes nothing. Returns whether it did.
 * The runtime's classes stay reachable: loading them (their getters redefine the globals) puts the
 * light ones back.
 */
export function installLightWebGlobals(): boolean {
  const getters = NAMES.map((name) => Object.getOwnPropertyDescriptor(globalThis, name))
  if (getters.some((d) => d?.get === undefined || d.configurable !== true)) return false
  setRealWeb(() => {
    const [, request, response] = getters.map((d) => d!.get!.call(globalThis) as unknown)
    for (const name of NAMES) define(name, LIGHT[name])
    return { Request: request, Response: response } as RealWeb
  })
  for (const name of NAMES) define(name, LIGHT[name])
  return true
}
