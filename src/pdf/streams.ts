// pdfkit's stream objects, written with bytes deflated once and kept: pdfkit would deflate them again for every PDF.

/** pdfkit's PDFReference, as far as a stream written here needs it. */
export interface PdfRef {
  end(chunk?: Buffer | string): void;
  compress: boolean;
  data: Record<string, unknown>;
}

/**
 * Write an already-deflated stream: pdfkit must not deflate it again. Length then Filter, in the order pdfkit's
 * own compression adds them, so the file is the same bytes as when pdfkit deflated the data itself.
 */
export function endDeflated(ref: PdfRef, deflated: Buffer): void {
  ref.compress = false;
  ref.data.Length = 0;
  ref.data.Filter = 'FlateDecode';
  ref.end(deflated);
}
