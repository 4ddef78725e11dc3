// What makes the print edition a PDF/X-4 file (ISO 15930-7): the output intent with its CMYK ICC
// profile, the page boxes, crop marks outside the bleed, and the Info markers. Colours are CMYK
// already (the writer picks each theme colour's CMYK value); nothing here uses transparency.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { readCacheEntry, writeCacheEntry } from '../cache/disk.js';
import { zlibIdentity } from '../cache/zlib-identity.js';
import { endDeflated, type PdfRef } from './streams.js';

/** FOGRA39 (ISO 12647-2:2004, coated paper), the profile shipped in assets/icc (zlib licence beside it). */
const ICC_PROFILE_URL = new URL('../../assets/icc/FOGRA39L_coated.icc', import.meta.url);
/** The profile deflated, once per process (it is the same stream in every print PDF). */
let iccDeflated: Buffer | undefined;

/**
 * The profile deflated: from this process, else from the disk cache (deflating its 130 KB cost ~5 ms of each
 * fresh print build), keyed by the profile's bytes and zlib's version (another zlib may deflate differently).
 */
function deflatedProfile(): Buffer {
  if (iccDeflated) return iccDeflated;
  const bytes = readFileSync(ICC_PROFILE_URL);
  const key = `icc profile ${zlibIdentity()}|${createHash('sha256').update(bytes).digest('hex')}`;
  iccDeflated = readCacheEntry('streams', key);
  if (!iccDeflated) {
    iccDeflated = deflateSync(bytes);
    writeCacheEntry('streams', key, iccDeflated);
  }
  return iccDeflated;
}

export const PDFX_VERSION = 'PDF/X-4';

/** Crop marks: 5 mm long, starting 3 pt outside the bleed so they never touch the printed area. */
export const CROP_MARK_PT = 14.17;
const CROP_MARK_GAP_PT = 3;

/** Room around the bleed for the crop marks: the sheet is trim + 2 × (bleed + slug). */
export function slugPt(bleedPt: number): number {
  return bleedPt + CROP_MARK_GAP_PT + CROP_MARK_PT + 3;
}

/**
 * A PDF name as an Info value. pdfkit writes every JS string in the Info dictionary as a PDF string,
 * but PDF/X wants /Trapped as a name; an object that prints itself as `/False` gets through its
 * serialiser unchanged (it falls through to `${value}`).
 */
export function pdfName(name: string): object {
  return { [Symbol.toStringTag]: 'PDFName', toString: () => `/${name}` };
}

/** The OutputIntent (GTS_PDFX) with the FOGRA39 profile as DestOutputProfile, in the catalog. */
export function addOutputIntent(doc: PDFKit.PDFDocument): void {
  const deflated = deflatedProfile();
  const internals = doc as unknown as { ref(data: object): PdfRef; _root: { data: Record<string, unknown> } };
  const profile = internals.ref({ N: 4, Alternate: 'DeviceCMYK' });
  endDeflated(profile, deflated);
  const intent = internals.ref({
    Type: 'OutputIntent',
    S: 'GTS_PDFX',
    OutputConditionIdentifier: new String('FOGRA39'),
    OutputCondition: new String('Offset printing, ISO 12647-2:2004/Amd 1, paper type 1 or 2 (coated), 60/cm'),
    RegistryName: new String('http://www.color.org'),
    Info: new String('Coated FOGRA39 (ISO 12647-2:2004)'),
    DestOutputProfile: profile,
  });
  intent.end();
  internals._root.data.OutputIntents = [intent];
}

/** TrimBox and BleedBox on the current page (pdfkit has no API: they go on the page dictionary, PDF 32000-1 §14.11.2). */
export function setPageBoxes(doc: PDFKit.PDFDocument, box: { widthPt: number; heightPt: number; bleedPt: number; slugPt: number }): void {
  const dict = (doc as unknown as { page: { dictionary: { data: Record<string, unknown> } } }).page.dictionary.data;
  const round = (n: number): number => Math.round(n * 1000) / 1000;
  const { widthPt: w, heightPt: h, bleedPt: b, slugPt: s } = box;
  dict.TrimBox = [s, s, s + w, s + h].map(round);
  dict.BleedBox = [s - b, s - b, s + w + b, s + h + b].map(round);
}

/** Corner crop marks at the trim lines, in registration colour (all four inks) so they show on every plate. */
export function drawCropMarks(doc: PDFKit.PDFDocument, box: { widthPt: number; heightPt: number; bleedPt: number; slugPt: number }): void {
  const { widthPt: w, heightPt: h, bleedPt: bleed, slugPt: slug } = box;
  doc.save().lineWidth(0.25).strokeColor([100, 100, 100, 100]);
  const x0 = slug;
  const y0 = slug;
  const x1 = slug + w;
  const y1 = slug + h;
  const off = bleed + CROP_MARK_GAP_PT;
  for (const [x, y, dx, dy] of [
    [x0, y0, -1, -1],
    [x1, y0, 1, -1],
    [x0, y1, -1, 1],
    [x1, y1, 1, 1],
  ] as const) {
    doc.moveTo(x + dx * off, y).lineTo(x + dx * (off + CROP_MARK_PT), y).stroke();
    doc.moveTo(x, y + dy * off).lineTo(x, y + dy * (off + CROP_MARK_PT)).stroke();
  }
  doc.restore();
}
