// A file's stamp: what tells, without reading it, that a file is the one seen before. The change time moves
// whenever the file is written (a rewrite with the same size and a restored modification time included), and the
// device and inode tell a file renamed over the old one from the old one.
import { statSync } from 'node:fs';

/** The stamp of the file at `path`; throws as statSync does when there is none. */
export function fileStamp(path: string): string {
  return stampOf(statSync(path, { bigint: true }));
}

/** The stamp of a file's stats as statSync or fstatSync give them with `{ bigint: true }` (an open file's, too). */
export function stampOf(st: { dev: bigint; ino: bigint; size: bigint; mtimeNs: bigint; ctimeNs: bigint }): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}
