/**
 * A copy of `text` that keeps no other string alive. In V8 a string cut from a longer one (a field
 * of an INFO reply, by `slice`) may be a view of it and keep the whole reply alive: a cache that
 * holds such a string from one scrape to the next holds the reply of every scrape it kept one from
 * (each 17 KB to 1 MiB). Cached texts cut from replies go through here (a copy costs ~0.1 µs for
 * a commandstats line).
 */
export function detached(text: string): string {
  // A pair of strings, which `slice` first flattens into a new one; the result is cut from that.
  return (' ' + text).slice(1)
}
