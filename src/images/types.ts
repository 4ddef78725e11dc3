// The image stage's small types: what a picture file is (probed once), where a frame crops it, and the
// pixels prepared for one output (screen PDF, print PDF, deck). Plain data, JSON-serialisable.

export type ImageFormat = 'png' | 'jpeg' | 'svg';

/** A picture file as probed from its bytes (not its name): format, intrinsic size, whether it has transparency. */
export interface ImageInfo {
  /** Absolute path. */
  file: string;
  format: ImageFormat;
  /** Pixels for PNG and JPEG; the intrinsic size in CSS px (width/height or viewBox) for SVG. */
  widthPx: number;
  heightPx: number;
  /** An alpha channel (PNG) that compositing must keep; SVG is drawn as vectors and keeps its own. */
  hasAlpha: boolean;
  /** Of the file's bytes: the cache key for every conversion, and the build manifest's input checksum. */
  sha256: string;
  bytes: number;
}

/** A point of the picture to keep in view when a frame crops it: fractions of the width and height (0–1). */
export interface FocusPoint {
  x: number;
  y: number;
}

/** The part of the source shown in a frame, in source pixels (integers; SVG: CSS px of its viewBox). */
export interface CropPx {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Where pixels are going: RGB for the screen PDF, CMYK through FOGRA39 for print, compressed RGB for the deck. */
export type ImageTarget = 'screen' | 'print' | 'deck';

/**
 * Pixels ready to embed. `jpeg`: a complete JPEG file (DCTDecode); `flate`: 8-bit samples, interleaved, no
 * padding, deflated with zlib's defaults (FlateDecode, the bytes pdfkit's own compression would write);
 * `png`: a complete PNG file (the deck). `alpha`: one 8-bit channel (a soft mask) for pictures with
 * transparency, deflated likewise.
 */
export interface PreparedImage {
  widthPx: number;
  heightPx: number;
  colour: 'rgb' | 'cmyk';
  encoding: 'jpeg' | 'flate' | 'png';
  data: Buffer;
  alpha?: Buffer;
  /**
   * A CMYK JPEG written the Adobe way (APP14 marker): samples stored inverted, so the PDF image needs
   * Decode [1 0 1 0 1 0 1 0] (libjpeg, and so libvips, write CMYK like Photoshop).
   */
  adobeInverted?: boolean;
}

/** One request for prepared pixels: this file, this crop, this many output pixels, for this output. */
export interface ImageRequest {
  info: ImageInfo;
  crop: CropPx;
  outWidthPx: number;
  outHeightPx: number;
  target: ImageTarget;
}
