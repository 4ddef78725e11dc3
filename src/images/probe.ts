// A picture file's path → what it is (ImageInfo), read from its bytes, or the problem that keeps it out of a
// document (missing, unsupported, not what its extension says, too large). Synchronous and cached, so the
// layout can ask for a picture's size while it measures and `check` can ask without running a build.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { ImageFormat, ImageInfo } from './types.js';

/** Larger files are refused before they are read: a brochure picture at 300 ppi full bleed is a few MB. */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;
/**
 * Decoding needs about 4 bytes a pixel several times over; 100 MP (a 24 MP camera frame is well inside) keeps
 * a build within a CI runner's memory. sharp's own default limit is 268 MP.
 */
export const MAX_IMAGE_PIXELS = 100_000_000;

export type ProbeProblem =
  | { kind: 'missing'; message: string }
  | { kind: 'unsupported'; message: string }
  | { kind: 'mismatch'; message: string }
  | { kind: 'tooLarge'; message: string }
  | { kind: 'unreadable'; message: string };

export type ProbeResult = { ok: true; info: ImageInfo } | { ok: false; problem: ProbeProblem };

const EXTENSIONS: Record<string, ImageFormat> = { '.png': 'png', '.jpg': 'jpeg', '.jpeg': 'jpeg', '.svg': 'svg' };

const cache = new Map<string, { stamp: string; result: ProbeResult }>();

/** Probe `file` (absolute); the answer is cached until the file's size or modification time changes (watch). */
export function probeImage(file: string): ProbeResult {
  let stamp: string;
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) return fail('missing', `'${file}' is not a file`);
    size = st.size;
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    return fail('missing', `no file at '${file}'`);
  }
  const hit = cache.get(file);
  if (hit && hit.stamp === stamp) return hit.result;
  const result = probeUncached(file, size);
  cache.set(file, { stamp, result });
  return result;
}

function fail(kind: ProbeProblem['kind'], message: string): ProbeResult {
  return { ok: false, problem: { kind, message } };
}

function probeUncached(file: string, size: number): ProbeResult {
  const ext = extname(file).toLowerCase();
  const expected = EXTENSIONS[ext];
  if (!expected) return fail('unsupported', `'${ext || '(no extension)'}' is not a picture format silkpress places: use PNG, JPEG or SVG`);
  if (size > MAX_IMAGE_BYTES) return fail('tooLarge', `the file is ${(size / 1048576).toFixed(0)} MB; pictures up to ${MAX_IMAGE_BYTES / 1048576} MB are placed`);
  const bytes = readFileSync(file);
  const actual = sniff(bytes);
  if (actual === undefined) return fail('unsupported', `the file's bytes are not PNG, JPEG or SVG`);
  if (actual !== expected) return fail('mismatch', `the file is named ${ext} but its bytes are ${actual.toUpperCase()}`);
  const dims = actual === 'png' ? pngSize(bytes) : actual === 'jpeg' ? jpegSize(bytes) : svgSize(bytes);
  if (!dims) return fail('unreadable', `the ${actual.toUpperCase()} file is damaged or truncated: its size cannot be read`);
  if (dims.widthPx <= 0 || dims.heightPx <= 0) return fail('unreadable', `the ${actual.toUpperCase()} file declares an empty size`);
  if (actual !== 'svg' && dims.widthPx * dims.heightPx > MAX_IMAGE_PIXELS) {
    return fail('tooLarge', `${dims.widthPx} × ${dims.heightPx} px is ${((dims.widthPx * dims.heightPx) / 1e6).toFixed(0)} MP; pictures up to ${MAX_IMAGE_PIXELS / 1e6} MP are placed`);
  }
  return {
    ok: true,
    info: { file, format: actual, ...dims, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length },
  };
}

/** The format by magic number (PNG signature, JPEG SOI) or, for SVG, an `<svg` root after any prolog. */
export function sniff(bytes: Buffer): ImageFormat | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const head = bytes.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, '');
  // An XML declaration, comments and a doctype may come before the root element.
  const rest = head.replace(/^\s*(<\?xml[^>]*\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*/i, '');
  if (/^<svg[\s>]/i.test(rest)) return 'svg';
  return undefined;
}

type Dims = { widthPx: number; heightPx: number; hasAlpha: boolean };

function pngSize(b: Buffer): Dims | undefined {
  // IHDR is the first chunk: width, height, bit depth, colour type.
  if (b.length < 33 || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  const colourType = b[25]!;
  // Colour types 4 and 6 carry alpha; a tRNS chunk gives a palette or grey image transparency.
  const hasAlpha = colourType === 4 || colourType === 6 || b.includes(Buffer.from('tRNS', 'latin1'));
  return { widthPx: b.readUInt32BE(16), heightPx: b.readUInt32BE(20), hasAlpha };
}

function jpegSize(b: Buffer): Dims | undefined {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    const len = b.readUInt16BE(i + 2);
    // SOF0–SOF15 hold the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { heightPx: b.readUInt16BE(i + 5), widthPx: b.readUInt16BE(i + 7), hasAlpha: false };
    }
    i += 2 + len;
  }
  return undefined;
}

/** An SVG's intrinsic size: width and height in px (or unitless), else its viewBox. */
function svgSize(b: Buffer): Dims | undefined {
  const text = b.toString('utf8');
  const root = /<svg\b([^>]*)>/i.exec(text);
  if (!root) return undefined;
  const attr = (name: string): string | undefined => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(root[1]!)?.[1];
  const length = (v: string | undefined): number | undefined => {
    const m = v === undefined ? null : /^\s*([0-9.]+)\s*(px)?\s*$/.exec(v);
    return m ? Number(m[1]) : undefined;
  };
  const viewBox = attr('viewBox')?.trim().split(/[\s,]+/).map(Number);
  const vbW = viewBox && viewBox.length === 4 && viewBox.every(Number.isFinite) ? viewBox[2] : undefined;
  const vbH = viewBox && viewBox.length === 4 && viewBox.every(Number.isFinite) ? viewBox[3] : undefined;
  const widthPx = length(attr('width')) ?? vbW;
  const heightPx = length(attr('height')) ?? vbH;
  if (widthPx === undefined || heightPx === undefined) return undefined;
  return { widthPx, heightPx, hasAlpha: false };
}
