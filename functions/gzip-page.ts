// The pages' gzip on Node and Lambda: Node's own zlib in one synchronous call at level 1. A
// 117 KB page takes ~0.6 ms of CPU instead of ~1.6 ms at level 6, for ~15% more bytes; on Lambda
// it replaced the CompressionStream pipe (level 6, chunk by chunk): a gzipped scrape there costs
// 0.55–0.64x the CPU (bench/NOTES.md, "Issue 14: instructions per scrape"). zlib is loaded on the
// first page to gzip, as CompressionStream loaded it: importing it costs a Lambda cold start ~3 ms.
import type * as Zlib from 'node:zlib'
import { builtin } from './node-builtin'

export const gzipPage = (text: string): Uint8Array<ArrayBuffer> =>
  builtin<typeof Zlib>('node:zlib').gzipSync(text, { level: 1 })
