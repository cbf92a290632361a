// The runtime's own Request and Response (Node's undici), loaded only when a light class meets
// what it does not do itself (install.ts): a stream body, a request's body, FormData, a clone.

export interface RealWeb {
  readonly Request: typeof Request
  readonly Response: typeof Response
}

let load: (() => RealWeb) | undefined
let loaded: RealWeb | undefined

/** How to load the real classes (install.ts: Node's lazy getters, then the light ones again). */
export function setRealWeb(loader: () => RealWeb): void {
  load = loader
  loaded = undefined
}

/** The real classes, loaded on first use (after setRealWeb). */
export function realWeb(): RealWeb {
  loaded ??= load!()
  return loaded
}
