/**
 * The per-scrape allowance of the key, stream, key-group and script checks: a number of commands
 * (each billed on Upstash) and a time bound. Work past it is left for the next scrape.
 */
export class KeyBudget {
  #spent = 0
  #exhausted = false
  readonly #commands: number
  readonly #deadlineMs: number
  readonly #now: () => number

  constructor(commands: number, timeMs: number, now: () => number) {
    this.#commands = commands
    this.#now = now
    this.#deadlineMs = now() + timeMs
  }

  /** Commands sent so far in this scrape. */
  get spent(): number {
    return this.#spent
  }

  /** Whether some work was left out because the commands or the time ran out. */
  get exhausted(): boolean {
    return this.#exhausted
  }

  get remaining(): number {
    return Math.max(0, this.#commands - this.#spent)
  }

  /** Whether the time bound has passed (no new round trip starts then). */
  timeUp(): boolean {
    if (this.#now() < this.#deadlineMs) return false
    this.#exhausted = true
    return true
  }

  /** Takes `n` commands when that many remain; false (and marks the budget exhausted) otherwise. */
  take(n: number): boolean {
    if (n > this.remaining) {
      this.#exhausted = true
      return false
    }
    this.#spent += n
    return true
  }

  /** Marks work left out for a reason the caller decided (a share reserved for later work). */
  cut(): void {
    this.#exhausted = true
  }
}
