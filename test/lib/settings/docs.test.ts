import { describe, expect, it } from 'vitest'
import { SETTING_DOCS } from '../../../lib/settings/docs'
import { SETTINGS } from '../../../lib/settings/table'

const DOCS: Readonly<Record<string, string>> = SETTING_DOCS

describe('SETTING_DOCS', () => {
  it('describes exactly the rows of the table, in table order', () => {
    expect(Object.keys(DOCS)).toEqual(SETTINGS.map((r) => r.name))
  })

  it.each(SETTINGS.map((r) => [r.name] as const))('has one line for %s', (name) => {
    const doc = DOCS[name] ?? ''
    expect(doc.trim()).not.toBe('')
    expect(doc).not.toMatch(/[\n\r]/)
    expect(doc).toBe(doc.trim())
  })
})
