// The pages' gzip on Node and Lambda: Node's own zlib in one synchronous call at level 1. A
// 117 KB page takes ~0.6 ms of CPU instead of ~1.6 ms at level 6, for ~15% more bytes; on Lambda
// it replaced the CompressionStream pipe (level 6, chunk by chunk): a gzipped scrape there costs
// about half the CPU (bench/NOTES.md, "Issue 14: the runtime gzip on Lambda").
import { gzipSync } from 'node:zlib'

export const gzipPage = (text: string): Uint8Array<ArrayBuffer> => gzipSync(text, { level: 1 })
