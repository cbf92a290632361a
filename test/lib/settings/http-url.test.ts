import { describe, expect, it } from 'vitest'
import { parseHttpUrl } from '../../../lib/settings/http-url'
import { configErrorText } from '../../helpers/config-error'

const EXPECT = { example: 'https://x.example.com', schemes: 'http:// or https://' }

describe('parseHttpUrl', () => {
  it.each<[string, string]>([
    ['https://x.example.com', 'https://x.example.com/'],
    ['http://127.0.0.1:9091/base/', 'http://127.0.0.1:9091/base/'],
    ['https://u:p@x.example.com/?q#f', 'https://u:p@x.example.com/?q#f'],
  ])('reads %s', (raw, href) => {
    expect(parseHttpUrl('V', raw, EXPECT).href).toBe(href)
  })

  it.each<[string, string]>([
    ['nope', 'V: is not a URL (expected e.g. https://x.example.com)'],
    ['', 'V: is not a URL (expected e.g. https://x.example.com)'],
    ['redis://u:hunter2@h:1', 'V: scheme redis: is not supported (expected http:// or https://)'],
    ['ftp://h', 'V: scheme ftp: is not supported (expected http:// or https://)'],
  ])('refuses %j, naming the variable and never echoing the value', (raw, message) => {
    const text = configErrorText(() => parseHttpUrl('V', raw, EXPECT))
    expect(text).toBe(message)
  })
})
