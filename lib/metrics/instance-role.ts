import type { MetricFamily } from '../types'
import type { TextMode } from './family-set'

/** Families taken before INFO is read (or not Redis's): never labelled with the role. */
const WITHOUT_ROLE = [
  'exporter_last_scrape_connect_time_seconds',
  'exporter_last_scrape_ping_time_seconds',
  'exporter_build_info',
]

/** The label FamilySet's text mode writes on the lines: the same page as `withInstanceRole`. */
export function instanceRoleLabel(role: string): NonNullable<TextMode['appendLabel']> {
  return { name: 'instance_role', value: role, except: WITHOUT_ROLE }
}

/**
 * REDIS_EXPORTER_APPEND_INSTANCE_ROLE_LABEL: `instance_role` (INFO `role`) appended to the labels
 * of every sample of the page, except the families above. No role known (a failed scrape): the
 * page is returned as it is.
 */
export function withInstanceRole(
  families: MetricFamily[],
  namespace: string,
  role: string | undefined
): MetricFamily[] {
  if (role === undefined) return families
  const prefix = namespace === '' ? '' : `${namespace}_`
  const skip = new Set(WITHOUT_ROLE.map((name) => prefix + name))
  return families.map((family) =>
    skip.has(family.name)
      ? family
      : {
          ...family,
          samples: family.samples.map((s) => ({
            ...s,
            labels: { ...s.labels, instance_role: role },
          })),
        }
  )
}
