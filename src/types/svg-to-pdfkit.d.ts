declare module 'svg-to-pdfkit' {
  type Colour = [number[], number];
  interface Options {
    width?: number;
    height?: number;
    preserveAspectRatio?: string;
    assumePt?: boolean;
    precision?: number;
    fontCallback?: (family: string, bold: boolean, italic: boolean, options: { fauxBold?: boolean; fauxItalic?: boolean }) => string;
    /** Called for every paint value parsed; one that is not a colour (url(#gradient), none) comes as undefined. */
    colorCallback?: (colour: Colour | undefined, raw?: string) => Colour | undefined;
    imageCallback?: (link: string) => string;
    warningCallback?: (message: string) => void;
  }
  function SVGtoPDF(doc: PDFKit.PDFDocument, svg: string, x?: number, y?: number, options?: Options): void;
  export default SVGtoPDF;
}
