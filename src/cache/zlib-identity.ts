// What decides the bytes node's zlib deflates to, for the keys of cached deflated data. The version alone does not:
// node bundles Chromium's zlib, whose match finder has changed between builds and has used CPU features, so two
// machines sharing a cache folder (a CI cache restored elsewhere) could otherwise be handed bytes their own zlib
// would not make, and a build's output would depend on where its cache was filled. The sample's deflated digest
// tells such builds apart; it costs one small deflate per process.
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

let identity: string | undefined;

/** A few kilobytes shaped like a PDF content stream: repeats near and far, so the match finder's choices show. */
function sample(): Buffer {
  const words = ['BT', 'ET', 'Tf', 'Tm', 'Tj', 'TJ', 're', 'f', 'q', 'Q', 'cm', '/F1', '/F2', '<0a1b>', '<2c3d4e>', '0 0 1 rg'];
  let seed = 0x2545f491;
  let text = '';
  while (text.length < 12_000) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    text += seed % 7 === 0 ? `${(seed >>> 8) % 1000}.${(seed >>> 4) % 100} ` : `${words[(seed >>> 12) % words.length]} `;
    if (seed % 23 === 0) text += text.slice(-((seed >>> 3) % 400));
  }
  return Buffer.from(text, 'latin1');
}

/** zlib's version and the digest of what it makes of a fixed sample at the default level. */
export function zlibIdentity(): string {
  identity ??= `${process.versions.zlib}~${createHash('sha256').update(deflateSync(sample())).digest('hex').slice(0, 16)}`;
  return identity;
}
