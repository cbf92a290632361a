import type { Labels, MetricFamily, MetricType, Sample } from '../types'

/** Collects samples into families under one namespace; families come out sorted by name. */
export class FamilySet {
  readonly #families = new Map<
    string,
    { name: string; help: string; type: MetricType; samples: Sample[] }
  >()
  readonly #prefix: string

  constructor(namespace: string) {
    this.#prefix = namespace === '' ? '' : `${namespace}_`
  }

  /** Adds one sample to `<namespace>_<name>`, creating the family on first use. */
  add(
    name: string,
    type: MetricType,
    help: string,
    value: number,
    labels: Labels = {},
    suffix: Sample['suffix'] = ''
  ): void {
    // Keyed by the short name: usually a constant whose hash V8 has cached, where the prefixed
    // name would be a new string to hash for every sample.
    let family = this.#families.get(name)
    if (!family) {
      family = { name: this.#prefix + name, help, type, samples: [] }
      this.#families.set(name, family)
    }
    family.samples.push(suffix ? { labels, value, suffix } : { labels, value })
  }

  has(name: string): boolean {
    return this.#families.has(name)
  }

  list(): MetricFamily[] {
    return [...this.#families.values()].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0
    )
  }
}
